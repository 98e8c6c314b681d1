// The public comment API under /api: threads, new comments and replies, removal by the author,
// reports, removal requests, counts. Handlers parse and validate, call the model, map the result.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import type { Database } from '../db/database.ts';
import { clientBatch, createWriteQueue, type WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';
import { isForm, readFields } from '../request-body.ts';
import { requestAddress, type SourceHasher } from '../privacy/source.ts';
import { cachedSettings, type Settings } from '../settings.ts';
import { cleanName, cleanText } from './clean-text.ts';
import { commentsAtom } from './feed.ts';
import { issueFormToken } from './form-token.ts';
import { hitLimits, refuseIfLimited } from '../limits/rate-limits.ts';
import { commentLimits, countsAsRefused, refusalLimit, removalRequestLimit, reportLimit } from './limits.ts';
import * as model from './model.ts';
import { decide, isReservedName } from './policy.ts';
import { anonymousName, publicTime } from './thread.ts';
import { reportPageMain, threadPageMain, type ThreadPageState } from './thread-page.ts';
import { reportReasons, type PublicComment, type StoredComment, type WrittenComment } from './types.ts';
import { escapeHtml } from '../../site/lib/html.ts';
import type { PageShell } from '../page-shell.ts';

export interface Renderer {
  /** Markdown source to sanitised HTML; rejects with code body_too_complex for pathological input. */
  render(source: string): Promise<string>;
}

export interface CommentDeps {
  /** Reads; and writes too unless `writes` is given. */
  db: Database;
  /** Where the board's writes go (group commit; off the event loop in the server). */
  writes?: WriteQueue;
  posts: readonly PostsManifestEntry[];
  renderer: Renderer;
  sources: SourceHasher;
  clock: () => number;
  /** Signs form tokens; shared by every process (kept in the database). */
  formSecret: string;
  /** false when LIMITS=off: no rate limits, form token or timing check. */
  limits: boolean;
  trustedProxyHeader: string | undefined;
  /** Names only staff may use, beyond the settings' list: the blog's own author names. */
  staffNames?: readonly string[];
  /** More such names, looked up per comment: the staff accounts' names. */
  staffAccountNames?: () => Promise<readonly string[]>;
  /** The signed-in staff member sending this request from the site itself, if any. */
  staffOf?: (c: Context) => Promise<{ name: string } | undefined>;
  /** The pages' public origin, for links in feeds. */
  siteUrl?: string;
  /** This server's public origin (the pages' own unless API_URL says otherwise), for the feeds' own addresses. */
  apiUrl?: string;
  /** The blog's time zone, for comment times on the page without JavaScript. */
  timeZone?: string;
}

export const maxRequestBytes = 16 * 1024;

const optionalText = (max: number, field: string, clean: (text: string) => string = cleanText) =>
  z
    .string({ error: `${field} must be text` })
    .overwrite(clean)
    .trim()
    .max(max, `${field} is at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

const newCommentSchema = z.strictObject({
  body: z.string({ error: 'body is required' }).overwrite(cleanText).trim().min(1, 'Write something first.').max(8000, 'A comment is at most 8,000 characters.'),
  name: optionalText(60, 'name', cleanName),
  parentId: z.union([z.number(), z.string().trim()]).optional().transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isSafeInteger(n) || n < 1) {
      ctx.addIssue({ code: 'custom', message: 'parentId must be the id of a comment' });
      return z.NEVER;
    }
    return n;
  }),
  formToken: z.string().max(200).optional(),
  // Honeypot: a field people never see, and bots fill in.
  website: z.string().max(2000).optional(),
});

const removalKeyField = z.string({ error: 'removalKey is required' }).trim().min(1, 'removalKey is required').max(200);
const removalSchema = z.strictObject({ removalKey: removalKeyField });
const formRemovalSchema = z.strictObject({ commentId: z.coerce.number({ error: 'Choose a comment' }).int().positive(), removalKey: removalKeyField });
const reportSchema = z.strictObject({
  reason: z.enum(reportReasons, { error: `reason must be one of ${reportReasons.join(', ')}` }),
  note: optionalText(1000, 'note'),
});
const removalRequestSchema = z.strictObject({ note: z.string({ error: 'note is required' }).overwrite(cleanText).trim().min(1, 'Say why the comment is yours and should go: moderators cannot tell who wrote it.').max(2000) });
/** The same from the page without JavaScript, where the comment is chosen in the form. */
const formRemovalRequestSchema = removalRequestSchema.extend({ commentId: z.coerce.number({ error: 'Choose a comment' }).int().positive() });

function parse<T extends z.ZodType>(schema: T, fields: unknown): z.output<T> {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.map(String).join('.') || undefined;
  const message = issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : issue.message;
  throw new ApiError('validation_failed', message, field ? { field } : {});
}

function idParam(c: Context): number {
  const raw = c.req.param('id') ?? '';
  const id = /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError('comment_not_found', 'There is no such comment.');
  return id;
}

/** The public view of a comment just written: no number yet (a held comment has none). */
function createdView(comment: StoredComment): WrittenComment {
  return {
    id: comment.id,
    parentId: comment.parentId,
    author: { name: comment.authorName ?? anonymousName, kind: comment.authorKind },
    html: comment.bodyHtml,
    createdAt: publicTime(comment.createdAt),
    status: comment.status as 'published' | 'pending',
  };
}

interface CachedThread {
  version: number;
  comments: PublicComment[];
  /** The JSON answer, encoded once: a 500-comment thread is ~340 KB. */
  body: Uint8Array<ArrayBuffer>;
  /** The same, gzipped once per version instead of once per request. */
  gzipped: Uint8Array<ArrayBuffer>;
  etag: string;
}

/**
 * Threads served from memory until a write from any process bumps the post's version row:
 * one small read per request (shared with the requests arriving alongside) instead of the whole thread.
 */
function threadReader(db: Database, loadSettings: () => Promise<Settings>) {
  const cache = new Map<string, CachedThread>();
  const threadVersion = model.groupedThreadVersions(db);
  return async (post: PostsManifestEntry): Promise<CachedThread> => {
    const version = await threadVersion(post.id);
    const cached = cache.get(post.id);
    if (cached && cached.version === version) return cached;
    const settings = await loadSettings();
    const comments = await model.getThread(db, post.id, { maxDepth: settings.maxDisplayDepth });
    const body = new Uint8Array(Buffer.from(JSON.stringify({ post: { id: post.id, commentPolicy: post.comments }, count: comments.length, comments })));
    const fresh = { version, comments, body, gzipped: new Uint8Array(gzipSync(body, { level: 6 })), etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
    cache.set(post.id, fresh);
    return fresh;
  };
}

/** The comment API (mounted at /api) and the thread pages for readers without JavaScript (at /posts). */
export function commentRoutes(deps: CommentDeps, shell: PageShell): { api: Hono; pages: Hono; reports: Hono } {
  const { db, renderer, sources, clock } = deps;
  const posts = new Map(deps.posts.map((post) => [post.id, post]));
  const settingsNow = cachedSettings(db, 1000, clock);
  const readThread = threadReader(db, settingsNow);
  const writes = deps.writes ?? createWriteQueue(clientBatch(db));
  const writer = model.createCommentWriter(writes);
  const app = new Hono();
  const pages = new Hono();
  const timeZone = deps.timeZone ?? 'Europe/London';
  const pagePath = (postId: string) => `/posts/${encodeURIComponent(postId)}/comments`;
  const siteUrl = deps.siteUrl ?? 'http://127.0.0.1:4321';
  const apiUrl = deps.apiUrl ?? siteUrl;
  /** The way back to the post: on the pages' own host when that is not this server. */
  const pagesPost = (post: PostsManifestEntry): PostsManifestEntry => (apiUrl === siteUrl ? post : { ...post, url: new URL(post.url, siteUrl).href });

  const renderPage = async (post: PostsManifestEntry, state: ThreadPageState, c?: Context) => {
    const thread = await readThread(post);
    const staff = c ? await deps.staffOf?.(c) : undefined;
    if (staff) state = { ...state, staffName: staff.name };
    const token = post.comments === 'closed' ? undefined : issueFormToken(deps.formSecret, clock());
    return shell.render({ title: `Comments on ${post.title}`, main: threadPageMain(pagesPost(post), thread.comments, timeZone, { ...state, formToken: token }) });
  };

  /** A form post that failed: the page again, with the error and what the reader wrote. */
  const formError = async (c: Context, post: PostsManifestEntry, error: unknown, values: ThreadPageState['values'], extra: ThreadPageState = {}) => {
    if (!(error instanceof ApiError)) throw error;
    if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
    c.header('Cache-Control', 'no-store');
    return c.html(await renderPage(post, { ...extra, error: { message: error.message, field: error.field }, values }, c), error.status);
  };

  pages.get('/:postId/comments', async (c) => {
    const post = posts.get(c.req.param('postId'));
    if (!post) return c.notFound();
    const thread = await readThread(post);
    const find = (param: string) => {
      const id = Number(c.req.query(param));
      return Number.isSafeInteger(id) ? thread.comments.find((x) => x.id === id && x.status === 'published') : undefined;
    };
    const sent = c.req.query('sent');
    const notice: ThreadPageState['notice'] =
      sent === 'removed' || sent === 'reported' || sent === 'requested' ? { kind: sent, ...(c.req.query('ref') ? { reportId: c.req.query('ref')! } : {}) } : undefined;
    c.header('Cache-Control', 'no-store');
    return c.html(await renderPage(post, { notice, replyTo: find('reply'), reportOf: find('report') }, c));
  });

  const findPost = (postId: string) => {
    const post = posts.get(postId);
    if (!post) throw new ApiError('post_not_found', 'There is no such post.');
    return post;
  };

  const sourceOf = (c: Context): string => requestAddress(c, deps.trustedProxyHeader);

  // Too long to read at all: the reader's text cannot be shown again, so the message says how to
  // get it back. Text in Chinese, Japanese or Korean takes 3 bytes a character as JSON, 9 in a form.
  const kib = maxRequestBytes / 1024;
  const sizeLimit = bodyLimit({
    maxSize: maxRequestBytes,
    onError: async (c) => {
      if (!isForm(c)) {
        throw new ApiError('payload_too_large', `This is too long to send: at most ${kib} KiB, about ${(Math.floor(maxRequestBytes / 3 / 100) * 100).toLocaleString('en-GB')} characters of Chinese, Japanese or Korean text. Nothing was saved: shorten it, or split it into two comments.`);
      }
      const message = `This is too long to send from this page: a form carries at most ${kib} KiB, about ${(Math.floor(maxRequestBytes / 9 / 100) * 100).toLocaleString('en-GB')} characters of Chinese, Japanese or Korean text. Nothing was saved. Use your browser’s Back button to get your text back, then shorten it or split it into two comments.`;
      const post = posts.get(c.req.param('postId') ?? '');
      if (post) return formError(c, post, new ApiError('payload_too_large', message, { field: 'body' }), {});
      c.header('Cache-Control', 'no-store');
      return c.html(shell.render({ title: 'Too long to send', main: `<h1>Too long to send</h1><div class="notice notice-error" role="alert"><p>${escapeHtml(message)}</p></div>` }), 413);
    },
  });

  // The thread, served from a cache that any write (from any process) invalidates via the
  // post's version row, with an ETag so unchanged threads cost a 304.
  // The form token travels in a header, fresh for every request, so the body stays the same
  // bytes for every reader until the thread changes.
  app.get('/posts/:postId/comments', async (c) => {
    const post = findPost(c.req.param('postId'));
    const cached = await readThread(post);
    const headers: Record<string, string> = { ETag: cached.etag, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
    if (post.comments !== 'closed') headers['Form-Token'] = issueFormToken(deps.formSecret, clock());
    if (c.req.header('If-None-Match') === cached.etag) return c.body(null, 304, headers);
    headers['Content-Type'] = 'application/json; charset=utf-8';
    if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
      headers['Content-Encoding'] = 'gzip';
      return c.body(cached.gzipped, 200, headers);
    }
    return c.body(cached.body, 200, headers);
  });

  /** The renderer's refusals, in the API's words. */
  const renderBody = async (body: string): Promise<string> => {
    try {
      return await renderer.render(body);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'body_too_complex') throw new ApiError('body_too_complex', 'This comment is nested too deeply or too intricate to show: simplify its quotes, lists or emphasis.', { field: 'body' });
      if (code === 'overloaded') throw new ApiError('overloaded', 'The board is very busy: send your comment again in a few seconds.', { retryAfter: 5 });
      if (code === 'unavailable') throw new ApiError('unavailable', 'The board is restarting: send your comment again in a few seconds.', { retryAfter: 5 });
      throw error;
    }
  };

  /** Validates, checks limits, renders, decides and stores a new comment. */
  const createComment = async (c: Context, post: PostsManifestEntry, fields: Record<string, unknown>) => {
    const input = parse(newCommentSchema, fields);
    if (post.comments === 'closed') throw new ApiError('comments_closed', 'Comments are closed on this post.');
    if (input.website) throw new ApiError('validation_failed', 'This form could not be sent.', { field: 'website' });
    const settings: Settings = await settingsNow();
    const now = clock();
    // Staff signed in on this site comment under their account's name, never held or limited.
    const staff = await deps.staffOf?.(c);
    // "Anonymous" typed as a name is simply anonymous.
    const name = staff ? staff.name : input.name && !isReservedName(input.name, [anonymousName]) ? input.name : undefined;
    // Only a good form from a source with room under its limits learns more (that a name is kept
    // for staff, that the text is too intricate): reading the limits counts nothing, and those
    // refusals count against a budget of refusals, never against the comment limits.
    const source = sourceOf(c);
    const limited = deps.limits && !staff;
    const limits = limited ? commentLimits(sources, source, input, post.id, settings, deps.formSecret, now) : [];
    if (limited) await refuseIfLimited(db, [...limits, refusalLimit(sources, source)], now);
    const refused = async (error: unknown): Promise<never> => {
      if (limited && countsAsRefused(error)) await hitLimits(writes, [refusalLimit(sources, source)], now);
      throw error;
    };
    if (!staff && name) {
      const reserved = [...settings.reservedNames, ...(deps.staffNames ?? []), ...((await deps.staffAccountNames?.()) ?? [])];
      if (isReservedName(name, reserved)) await refused(new ApiError('reserved_name', 'That name is kept for the blog’s staff; choose another or leave it empty.', { field: 'name' }));
    }
    const html = await renderBody(input.body).catch(refused);
    const decision = decide({ body: input.body, html, post: { comments: post.comments, published: new Date(post.published) }, settings, isStaff: staff !== undefined, now: new Date(now) });
    const removal = model.newRemovalKey();
    // The limits are checked again, and counted, in the insert's own write: only a stored comment counts.
    const comment = await writer.insert({
      postId: post.id,
      parentId: input.parentId ?? null,
      authorName: name ?? null,
      authorKind: staff ? 'staff' : name ? 'named' : 'anonymous',
      bodySource: input.body,
      bodyHtml: html,
      status: decision.action === 'publish' ? 'published' : 'pending',
      heldReason: decision.action === 'hold' ? decision.reason : null,
      removalKeyHash: removal.hash,
      now,
    }, limits).catch(refused);
    return { comment, removalKey: removal.key };
  };

  app.post('/posts/:postId/comments', sizeLimit, async (c) => {
    const post = findPost(c.req.param('postId'));
    const fields = await readFields(c);
    if (!isForm(c)) {
      const { comment, removalKey } = await createComment(c, post, fields);
      // A form token is good for one comment: here is the next one's.
      c.header('Form-Token', issueFormToken(deps.formSecret, clock()));
      return c.json({ comment: createdView(comment), removalKey }, comment.status === 'published' ? 201 : 202);
    }
    try {
      const { comment, removalKey } = await createComment(c, post, fields);
      // The thread itself answers, with the key beside the new comment: a redirect would put the
      // key in a URL (the browser's history). Never kept in a cache.
      c.header('Cache-Control', 'no-store');
      return c.html(await renderPage(post, { written: { comment: createdView(comment), removalKey } }, c), comment.status === 'published' ? 201 : 202);
    } catch (error) {
      const text = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : undefined);
      const values: NonNullable<ThreadPageState['values']> = {};
      if (text('body')) values.body = text('body')!;
      if (text('name')) values.name = text('name')!;
      return formError(c, post, error, values);
    }
  });

  app.delete('/comments/:id', sizeLimit, async (c) => {
    const id = idParam(c);
    const { removalKey } = parse(removalSchema, await readFields(c));
    await model.removeByAuthor(db, writes, id, removalKey, clock());
    return c.json({ comment: { id, status: 'removed_by_author' } }, 200);
  });

  // The same for an HTML form (which cannot send DELETE): the comment is chosen in the form.
  app.post('/comments/remove', sizeLimit, async (c) => {
    const fields = await readFields(c);
    const { commentId, removalKey } = parse(formRemovalSchema, fields);
    const comment = await model.getComment(db, commentId);
    const post = comment ? posts.get(comment.postId) : undefined;
    if (!comment || !post) throw new ApiError('comment_not_found', 'There is no such comment.');
    try {
      await model.removeByAuthor(db, writes, commentId, removalKey, clock());
    } catch (error) {
      if (!isForm(c)) throw error;
      return formError(c, post, error, {});
    }
    return isForm(c) ? c.redirect(`${pagePath(post.id)}?sent=removed`, 303) : c.json({ comment: { id: commentId, status: 'removed_by_author' } }, 200);
  });

  app.post('/comments/:id/reports', sizeLimit, async (c) => {
    const id = idParam(c);
    const input = parse(reportSchema, await readFields(c));
    const settings = await settingsNow();
    const source = sourceOf(c);
    // Report de-duplication stays on whatever LIMITS says: one source counts once per comment.
    const { report } = await model.reportComment(db, writes, {
      commentId: id,
      reason: input.reason,
      note: input.note ?? null,
      sourceKey: sources.key(source, `report:${id}`),
      threshold: settings.reportThreshold,
      limits: deps.limits ? [reportLimit(sources, source, settings)] : [],
      now: clock(),
    });
    if (isForm(c)) {
      const comment = await model.getComment(db, id);
      return c.redirect(`${pagePath(comment!.postId)}?sent=reported&ref=${encodeURIComponent(report.id)}`, 303);
    }
    return c.json({ report }, 201);
  });

  const reportRef = /^[A-Za-z0-9_-]{1,64}$/;
  app.get('/reports/:id', async (c) => {
    const id = c.req.param('id');
    if (!reportRef.test(id)) throw new ApiError('report_not_found', 'There is no report with this reference.');
    return c.json({ report: await model.getReport(db, id) });
  });

  // A report's outcome as a page, for the reader who sent it (with or without JavaScript).
  const reports = new Hono();
  const reportPage = (c: Context, main: string, status: 200 | 404 = 200) => {
    c.header('Cache-Control', 'no-store');
    return c.html(shell.render({ title: 'Check a report or a request', main }), status);
  };
  reports.get('/', (c) => {
    const ref = c.req.query('ref')?.trim();
    if (ref) return c.redirect(`/reports/${encodeURIComponent(ref)}`, 303);
    return reportPage(c, reportPageMain({}));
  });
  // One page for both kinds of reference a reader is given: a report's, or a removal request's.
  reports.get('/:id', async (c) => {
    const id = c.req.param('id');
    const missing = (code: string) => (error: unknown) => (error instanceof ApiError && error.code === code ? undefined : Promise.reject(error));
    const report = reportRef.test(id) ? await model.getReport(db, id).catch(missing('report_not_found')) : undefined;
    const request = reportRef.test(id) && !report ? await model.getRemovalRequest(db, id).catch(missing('request_not_found')) : undefined;
    if (report) return reportPage(c, reportPageMain({ report }));
    if (request) return reportPage(c, reportPageMain({ request }));
    return reportPage(c, reportPageMain({ notFound: id.slice(0, 64) }), 404);
  });

  /** An author who lost the key asks the moderators to remove their comment. */
  const requestRemoval = async (c: Context, commentId: number, note: string) => {
    const limits = deps.limits ? [removalRequestLimit(sources, sourceOf(c), await settingsNow())] : [];
    return model.requestRemoval(db, writes, { commentId, note, limits, now: clock() });
  };

  app.post('/comments/:id/removal-requests', sizeLimit, async (c) => {
    const id = idParam(c);
    const { note } = parse(removalRequestSchema, await readFields(c));
    return c.json({ removalRequest: await requestRemoval(c, id, note) }, 201);
  });

  // The same from the page without JavaScript, where the comment is chosen in the form.
  app.post('/comments/removal-requests', sizeLimit, async (c) => {
    const fields = await readFields(c);
    const commentId = Number(fields['commentId']);
    const comment = Number.isSafeInteger(commentId) && commentId > 0 ? await model.getComment(db, commentId) : undefined;
    const post = comment ? posts.get(comment.postId) : undefined;
    try {
      const { note } = parse(formRemovalRequestSchema, fields);
      if (!comment || !post) throw new ApiError('comment_not_found', 'There is no such comment.');
      const request = await requestRemoval(c, commentId, note);
      return isForm(c) ? c.redirect(`${pagePath(post.id)}?sent=requested&ref=${encodeURIComponent(request.id)}#remove-form`, 303) : c.json({ removalRequest: request }, 201);
    } catch (error) {
      if (!isForm(c) || !post) throw error;
      return formError(c, post, error, {}, { requestNote: typeof fields['note'] === 'string' ? fields['note'] : undefined, requestFor: commentId });
    }
  });

  app.get('/removal-requests/:id', async (c) => {
    const id = c.req.param('id');
    if (!reportRef.test(id)) throw new ApiError('request_not_found', 'There is no removal request with this reference.');
    return c.json({ removalRequest: await model.getRemovalRequest(db, id) });
  });

  const atom = (c: Context, xml: string) => c.body(xml, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'no-cache' });

  app.get('/posts/:postId/comments.atom', async (c) => {
    const post = findPost(c.req.param('postId'));
    const { comments } = await readThread(post);
    const shown = comments.filter((x) => x.status === 'published').sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id).slice(0, 100);
    return atom(
      c,
      commentsAtom({
        title: `Comments on “${post.title}”`,
        selfUrl: `${apiUrl}/api/posts/${encodeURIComponent(post.id)}/comments.atom`,
        siteUrl,
        updated: shown[0]?.createdAt ?? publicTime(Date.parse(post.published)),
        entries: shown.map((x) => ({ id: x.id, postTitle: post.title, postUrl: post.url, number: x.number, authorName: x.author!.name, html: x.html ?? '', createdAt: x.createdAt })),
      }),
    );
  });

  app.get('/comments/recent.atom', async (c) => {
    const recent = (await model.recentComments(db, 50)).filter((x) => posts.has(x.postId));
    return atom(
      c,
      commentsAtom({
        title: 'Recent comments',
        selfUrl: `${apiUrl}/api/comments/recent.atom`,
        siteUrl,
        updated: publicTime(recent[0]?.createdAt ?? clock()),
        entries: recent.map((x) => {
          const post = posts.get(x.postId)!;
          return { id: x.id, postTitle: post.title, postUrl: post.url, authorName: x.authorName ?? anonymousName, html: x.bodyHtml ?? '', createdAt: publicTime(x.createdAt) };
        }),
      }),
    );
  });

  app.get('/counts', async (c) => {
    const ids = (c.req.query('posts') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length === 0) throw new ApiError('validation_failed', 'Name the posts: ?posts=a,b,c', { field: 'posts' });
    if (ids.length > 100) throw new ApiError('validation_failed', 'At most 100 posts at a time.', { field: 'posts' });
    const known = [...new Set(ids)].filter((id) => posts.has(id));
    return c.json({ counts: await model.countComments(db, known) });
  });

  return { api: app, pages, reports };
}
