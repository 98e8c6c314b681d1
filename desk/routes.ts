// The desk, mounted by the server at /desk: editors write, preview, schedule and publish posts from
// the browser. Same accounts, sessions and same-origin checks as moderation; moderators cannot
// publish. Every page works without JavaScript; every action also answers JSON when asked.
//
// Every route (paths under /desk; all for a signed-in editor):
//   GET  /                                 the posts list (state, label, title search, pages)
//   GET  /new                              a new post's form (with the editor's unsaved work)
//   POST /posts                            create: save as draft, publish now, schedule, or preview
//   GET  /posts/:id                        a post's form
//   POST /posts/:id                        save: draft (unpublish), publish, schedule, or preview
//   GET  /posts/:id/remove                 confirm a removal at the author's request
//   POST /posts/:id/remove                 erase the text, its summary and its history
//   GET  /posts/:id/history                the saved versions
//   GET  /posts/:id/history/:version       one version, compared with the post now
//   POST /posts/:id/history/:version/restore   save that version again
//   POST /preview                          a body as the site will show it (JSON)
//   POST /autosave                         keep the form's unsaved work (JSON)
//   POST /discard                          drop it, back to the saved version
//   POST /images                           upload a picture (checked, cleaned, stored in public/images/)
//   GET  /status                           the site's build, and whether a post is live (JSON)
//   GET  /assets/desk.js                   the desk's script
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { html } from 'hono/html';
import { ApiError } from '../api/errors.ts';
import { readFields } from '../api/request-body.ts';
import { formatLongDate } from '../site/lib/dates.ts';
import { postPath } from '../site/lib/urls.ts';
import type { RouteDeps } from '../moderation/routes/deps.ts';
import { noStore, sameOriginOnly, type SignedInEnv } from '../moderation/routes/middleware.ts';
import { actorOf, wantsJson } from '../moderation/routes/respond.ts';
import { auditStatement } from '../moderation/queue.ts';
import { autosaveOf, autosaveStatement, autosavedKeys, dropAutosaveStatement, latestSource, versionStatement } from './history.ts';
import { actions, atOf, baseVersionOf, editorFieldsFrom, isNewDraftKey, labelsOf, minute, newDraftKey, postBody, postFieldsFrom, type Action } from './form.ts';
import { historyRoutes } from './history-routes.ts';
import { imageRoutes } from './image-routes.ts';
import { editorFieldsOf, editorPage, listPage, previewArticle, type DeskContext, type EditorFields, type EditorView } from './pages.ts';
import { InvalidPost, postFolderAt, StaleVersion, stateOf, type DeskPost, type PostState } from './post-folder.ts';
import type { PostFields } from './post-source.ts';
import { previewBody } from './preview.ts';

export interface DeskOptions {
  /** content/posts (BEFRIEND_CONTENT_DIR). */
  postsDir: string;
  /** The blog's locale (site/config.ts), for dates in the preview. */
  locale: string;
  /** public/ (BEFRIEND_PUBLIC_DIR): pictures go to its images/ folder. */
  publicDir: string;
}

const deskScript = readFileSync(new URL('./client/desk.js', import.meta.url), 'utf8');
const pageSize = 50;

export function deskRoutes(deps: RouteDeps, options: DeskOptions): Hono<SignedInEnv> {
  const { db, writes, clock, timeZone, publishing, signedIn, page } = deps;
  const folder = postFolderAt(options.postsDir);
  const servedIds = new Set(deps.posts.keys());
  const app = new Hono<SignedInEnv>();

  /** Editors only; a moderator who opens the desk is told why, on a page. */
  const editorsOnly = createMiddleware<SignedInEnv>(async (c, next) => {
    if (c.var.account.role === 'editor') return next();
    if (wantsJson(c) || c.req.method !== 'GET') throw new ApiError('forbidden', 'Only an editor can use the desk: moderators cannot publish.');
    const ctx = await deskContext(c);
    return page(c, 'The desk is for editors', String(await forbiddenPage(ctx)), 403);
  });

  app.use(noStore);
  app.use(sameOriginOnly(deps.boardOrigin));
  app.get('/assets/desk.js', (c) => c.body(deskScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.use('*', signedIn, editorsOnly);

  const deskContext = async (c: Context<SignedInEnv>, extra: Partial<DeskContext> = {}): Promise<DeskContext> => ({
    account: c.var.account,
    timeZone,
    now: clock(),
    build: publishing?.status(),
    notice: noticeOf(c.req.query('done')),
    ...extra,
  });

  const labelsInUse = async () => labelsIn(await folder.list());

  const urlOf = (id: string, fields: PostFields | undefined) => (fields ? postPath(fields.published, id, timeZone) : undefined);

  const renderPreview = (input: EditorFields, published: Date) => {
    const body = previewBody(input.body, { timeZone, locale: options.locale });
    if ('problems' in body) return { problems: body.problems };
    return { html: previewArticle({ title: input.title.trim(), labels: labelsOf(input), author: input.author.trim() || undefined, published }, body.html, formatLongDate(published, timeZone, options.locale)) };
  };

  const editor = async (c: Context<SignedInEnv>, view: EditorView, status: 200 | 409 | 422 = 200, extra: Partial<DeskContext> = {}) => {
    const ctx = await deskContext(c, extra);
    const title = view.post ? `Editing “${view.post.fields?.title ?? view.post.id}”` : 'New post';
    return page(c, title, String(await editorPage(ctx, { ...view, labels: await labelsInUse() })), status);
  };

  // -------------------------------------------------------------------------------------------
  // The list

  app.get('/', async (c) => {
    const now = clock();
    const filter = { state: c.req.query('state') ?? '', label: c.req.query('label') ?? '', q: (c.req.query('q') ?? '').trim().slice(0, 200) };
    const all = await folder.list();
    const q = filter.q.toLocaleLowerCase();
    const matching = all
      .map((post) => ({ post, state: post.fields ? stateOf(post.fields, now) : undefined }))
      .filter(({ post, state }) => (!filter.state || state === filter.state) && (!filter.label || post.fields?.labels.includes(filter.label)) && (!q || (post.fields?.title ?? post.file).toLocaleLowerCase().includes(q)));
    const pages = Math.max(1, Math.ceil(matching.length / pageSize));
    const pageNumber = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const shown = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    const counts = await commentCounts(shown.map(({ post }) => post.id));
    const unsaved = await autosavedKeys(db, c.var.account.id);
    const rows = shown.map(({ post, state }) => ({ post, state, comments: counts.get(post.id) ?? 0, unsaved: unsaved.has(post.id) }));
    if (wantsJson(c)) {
      return c.json({
        total: matching.length,
        page: pageNumber,
        pages,
        posts: rows.map(({ post, state, comments }) => ({ id: post.id, file: post.file, title: post.fields?.title, state, published: post.fields?.published.toISOString(), labels: post.fields?.labels, comments, readOnly: post.readOnly ?? null, problems: post.problems })),
      });
    }
    return page(c, 'Posts', String(await listPage(await deskContext(c), { posts: rows, total: matching.length, page: pageNumber, pages, filter, labels: labelsIn(all) })));
  });

  async function commentCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const result = await db.execute({ sql: `SELECT post_id, COUNT(*) AS n FROM comments WHERE status = 'published' AND post_id IN (${ids.map(() => '?').join(', ')}) GROUP BY post_id`, args: ids });
    return new Map(result.rows.map((row) => [String(row['post_id']), Number(row['n'])]));
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  app.get('/new', async (c) => {
    const asked = c.req.query('draft');
    const draftKey = isNewDraftKey(asked) ? asked : newDraftKey();
    const autosave = await autosaveOf(db, draftKey, c.var.account.id);
    const fields = autosave ? editorFieldsFrom(autosave.fields) : editorFieldsOf(undefined, timeZone, clock());
    return editor(c, { fields, draftKey, labels: [], autosavedAt: autosave?.savedAt });
  });

  const postOr404 = async (c: Context<SignedInEnv>): Promise<DeskPost> => {
    const post = await folder.get(c.req.param('id') ?? '');
    if (!post) throw new ApiError('not_found', 'There is no such post: it may have been deleted or renamed on disk.');
    return post;
  };

  /** The unsaved work a form names: a new post's key, or an existing post's id (and the post). */
  const draftOf = async (form: Record<string, unknown>): Promise<{ draftKey: string; post?: DeskPost | undefined }> => {
    const key = form['draftKey'];
    if (isNewDraftKey(key)) return { draftKey: key };
    const post = typeof key === 'string' ? await folder.get(key) : undefined;
    if (!post) throw new ApiError('not_found', 'There is no such post to keep or drop changes for.');
    return { draftKey: post.id, post };
  };

  app.get('/posts/:id', async (c) => {
    const post = await postOr404(c);
    const now = clock();
    const autosave = await autosaveOf(db, post.id, c.var.account.id);
    // Unsaved work is offered only over the version it started from; over another, it would undo a save.
    const fresh = autosave && autosave.baseVersion === post.version ? autosave : undefined;
    const fields = fresh ? editorFieldsFrom(fresh.fields) : editorFieldsOf(post.fields, timeZone, now);
    const view: EditorView = { post, state: post.fields ? stateOf(post.fields, now) : undefined, fields, baseVersion: post.version, draftKey: post.id, labels: [], url: urlOf(post.id, post.fields), autosavedAt: fresh?.savedAt };
    if (wantsJson(c)) return c.json({ id: post.id, version: post.version, state: view.state, readOnly: post.readOnly ?? null, fields: post.fields ?? null, problems: post.problems });
    return editor(c, view);
  });

  const save = async (c: Context<SignedInEnv>, existing: DeskPost | undefined) => {
    const form = await readFields(c);
    const action = String(form['action'] ?? 'draft') as Action;
    if (!(actions as readonly string[]).includes(action)) throw new ApiError('validation_failed', 'The action is draft, publish, schedule or preview.', { field: 'action' });
    const input = editorFieldsFrom(form);
    const baseVersion = baseVersionOf(form);
    const draftKey = existing?.id ?? (isNewDraftKey(form['draftKey']) ? form['draftKey'] : newDraftKey());
    const now = clock();
    const previousState: PostState | undefined = existing?.fields ? stateOf(existing.fields, now) : undefined;
    const view: EditorView = { post: existing, state: previousState, fields: input, baseVersion, draftKey, labels: [], url: existing ? urlOf(existing.id, existing.fields) : undefined };

    if (action === 'preview') {
      const preview = renderPreview(input, atOf(input, timeZone) ?? existing?.fields?.published ?? new Date(minute(now)));
      if (wantsJson(c)) return c.json(preview);
      return editor(c, { ...view, ...('html' in preview ? { preview: preview.html } : { subset: preview.problems }) });
    }

    const { fields, problems } = postFieldsFrom(input, action, existing?.fields, now, timeZone);
    const refuse = (status: 409 | 422, extra: Partial<EditorView>, code: 'stale_version' | 'validation_failed', message: string, details: Record<string, unknown>) => {
      if (wantsJson(c)) throw new ApiError(code, message, details);
      return editor(c, { ...view, ...extra }, status);
    };
    if (!fields) return refuse(422, { problems }, 'validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('\n'), { field: problems[0]!.field, problems });

    let result: Awaited<ReturnType<typeof folder.save>>;
    try {
      result = await folder.save({ id: existing?.id, baseVersion: existing ? baseVersion : undefined, fields, timeZone });
    } catch (error) {
      if (error instanceof StaleVersion) {
        const current = error.current;
        const other = current ? await folder.source(current).catch(() => '') : '';
        return refuse(409, { conflict: current ? { text: other, version: current.version } : undefined, post: current ?? existing }, 'stale_version', error.message, current ? { version: current.version, source: other } : {});
      }
      if (error instanceof InvalidPost) return refuse(422, { problems: error.problems, subset: error.subset }, 'validation_failed', error.message, { field: error.problems[0]?.field ?? 'body', problems: error.problems, subset: error.subset });
      throw error;
    }
    const { post, source, previous } = result;
    const newState = stateOf(fields, now);
    const actor = actorOf(c);
    const statements = [];
    // A version written by hand since the desk last saved: kept before it is replaced.
    if (previous !== undefined && previous !== (await latestSource(db, post.id))) statements.push(versionStatement(post.id, previous, 'on disk', undefined, now));
    const verb = newState === 'draft' ? (previousState && previousState !== 'draft' ? 'unpublish' : 'draft') : newState === 'scheduled' ? 'schedule' : 'publish';
    statements.push(versionStatement(post.id, source, verb, actor, now));
    statements.push(dropAutosaveStatement(draftKey, c.var.account.id));
    if (verb !== 'draft') statements.push(auditStatement(actor, { action: `post.${verb}`, targetType: 'post', targetId: post.id, detail: { title: fields.title, published: fields.published.toISOString() } }, now, false));
    await writes.write(statements);
    if (verb !== 'draft' || previousState === 'published' || previousState === 'scheduled') publishing?.request(`${verb} “${fields.title}” (${actor.name}, from the desk)`);
    const notice = verb === 'publish' ? 'published' : verb === 'schedule' ? 'scheduled' : verb === 'unpublish' ? 'unpublished' : 'draft';
    if (wantsJson(c)) return c.json({ ok: true, id: post.id, version: post.version, state: newState, url: urlOf(post.id, fields), savedAt: now }, existing ? 200 : 201);
    return c.redirect(`/desk/posts/${post.id}?done=${notice}&saved=${now}`, 303);
  };

  // A POST, like every change: a link from another site must not throw an editor's work away.
  app.post('/discard', postBody, async (c) => {
    const { draftKey, post } = await draftOf(await readFields(c));
    await writes.write([dropAutosaveStatement(draftKey, c.var.account.id)]);
    if (wantsJson(c)) return c.json({ ok: true });
    return c.redirect(post ? `/desk/posts/${post.id}` : '/desk/new', 303);
  });

  app.post('/posts', postBody, (c) => save(c, undefined));
  app.post('/posts/:id', postBody, async (c) => save(c, await postOr404(c)));

  app.route('/posts', historyRoutes({ ...deps, folder, deskContext, postOr404 }));
  app.route('/images', imageRoutes({ ...deps, imagesDir: join(options.publicDir, 'images'), deskContext }));

  // -------------------------------------------------------------------------------------------
  // What the script asks

  app.post('/preview', postBody, async (c) => {
    const input = editorFieldsFrom(await readFields(c));
    return c.json(renderPreview(input, atOf(input, timeZone) ?? new Date(minute(clock()))));
  });

  app.post('/autosave', postBody, async (c) => {
    const form = await readFields(c);
    const { draftKey } = await draftOf(form);
    const now = clock();
    await writes.write([autosaveStatement(draftKey, c.var.account.id, baseVersionOf(form), { ...editorFieldsFrom(form) }, now)]);
    return c.json({ ok: true, savedAt: now });
  });

  app.get('/status', async (c) => {
    const id = c.req.query('post');
    const build = publishing?.status() ?? null;
    const post = id ? await folder.get(id) : undefined;
    const saved = Number(c.req.query('saved') ?? 0);
    // The instant the served build was made for (when it started reading the files): a save before it is in it.
    const builtFor = build?.served?.publishedBy ? Date.parse(build.served.publishedBy) : 0;
    const live = post?.fields ? servedIds.has(post.id) && builtFor >= saved : false;
    const upToDate = builtFor >= saved;
    return c.json({ build, post: post?.fields ? { id: post.id, state: stateOf(post.fields, clock()), inServedSite: servedIds.has(post.id), live, upToDate, url: urlOf(post.id, post.fields) } : null });
  });

  return app;
}

const notices: Record<string, string> = {
  published: 'Published: the site is being updated; this page says when it is live.',
  scheduled: 'Scheduled: it goes live by itself at its time.',
  unpublished: 'Unpublished: it is a draft again, and leaves the site with the next update.',
  draft: 'Draft saved. Readers see nothing of it.',
  removed: 'Removed at the author’s request: the text and its history are erased.',
  restored: 'The earlier version is restored (the replaced one is in the history).',
};

const noticeOf = (code: string | undefined) => (code ? notices[code] : undefined);

/** The labels in use, for suggestions and the list's filter. */
const labelsIn = (posts: readonly DeskPost[]) => [...new Set(posts.flatMap((post) => post.fields?.labels ?? []))].sort((a, b) => a.localeCompare(b));

function forbiddenPage(ctx: DeskContext) {
  return html`<div class="mod mod-narrow"><h1>The desk is for editors</h1><p>You are signed in as ${ctx.account.name}, a moderator: moderators work the queue, and only an editor can write and publish posts.</p><p><a href="/moderation">Go to moderation</a></p></div>`;
}
