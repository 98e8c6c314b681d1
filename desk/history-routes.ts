// The desk's routes for what happened to a post: its saved versions (view, compare with now,
// restore) and its removal at its author's request, which erases the text and every copy of it.
import { createTwoFilesPatch } from 'diff';
import { Hono, type Context } from 'hono';
import { ApiError } from '../api/errors.ts';
import { readFields } from '../api/request-body.ts';
import type { RouteDeps } from '../moderation/routes/deps.ts';
import type { SignedInEnv } from '../moderation/routes/middleware.ts';
import { actorOf, wantsJson } from '../moderation/routes/respond.ts';
import { auditStatement } from '../moderation/queue.ts';
import { baseVersionOf, postBody } from './form.ts';
import { eraseHistory, versionById, versionsOf, versionStatement } from './history.ts';
import { historyPage, removePage, type DeskContext } from './pages.ts';
import { StaleVersion, InvalidPost, type DeskPost, type PostFolder } from './post-folder.ts';
import { readPostSource, type PostFields } from './post-source.ts';

export interface HistoryDeps extends RouteDeps {
  folder: PostFolder;
  deskContext(c: Context<SignedInEnv>): Promise<DeskContext>;
  /** The post the address names, or a 404. */
  postOr404(c: Context<SignedInEnv>): Promise<DeskPost>;
}

export function historyRoutes(deps: HistoryDeps): Hono<SignedInEnv> {
  const { db, writes, clock, timeZone, publishing, page, folder, deskContext, postOr404 } = deps;
  const app = new Hono<SignedInEnv>();

  // -------------------------------------------------------------------------------------------
  // Removal at the author's request

  app.get('/:id/remove', async (c) => {
    const post = await postOr404(c);
    return page(c, 'Remove at the author’s request', String(await removePage(await deskContext(c), post)));
  });

  app.post('/:id/remove', postBody, async (c) => {
    const post = await postOr404(c);
    const form = await readFields(c);
    if (form['confirm'] !== 'erase') throw new ApiError('validation_failed', 'Tick the box to confirm: the text is erased for good.', { field: 'confirm' });
    if (!post.fields) throw new ApiError('validation_failed', `This post cannot be changed from the desk: ${post.readOnly ?? 'its frontmatter has problems'}`, { field: 'body' });
    const now = clock();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
    const fields: PostFields = { ...post.fields, summary: undefined, body: `<RemovedAtAuthorsRequest removed="${day}" />` };
    try {
      await folder.save({ id: post.id, baseVersion: baseVersionOf(form), fields, timeZone, overReadOnly: true });
    } catch (error) {
      if (error instanceof StaleVersion) throw new ApiError('stale_version', `${error.message} Open it again, then remove it.`);
      throw error;
    }
    const actor = actorOf(c);
    await eraseHistory(writes, post.id, [auditStatement(actor, { action: 'post.remove', targetType: 'post', targetId: post.id, detail: { title: post.fields.title } }, now, false)]);
    publishing?.request(`removed “${post.fields.title}” at its author’s request (${actor.name}, from the desk)`, { erase: true });
    if (wantsJson(c)) return c.json({ ok: true, id: post.id });
    return c.redirect(`/desk/posts/${post.id}?done=removed`, 303);
  });

  // -------------------------------------------------------------------------------------------
  // History

  app.get('/:id/history', async (c) => {
    const post = await postOr404(c);
    const versions = await versionsOf(db, post.id);
    if (wantsJson(c)) return c.json({ versions });
    return page(c, 'History', String(await historyPage(await deskContext(c), post, versions)));
  });

  const versionOr404 = async (c: Context<SignedInEnv>, post: DeskPost) => {
    const id = Number(c.req.param('version'));
    const version = Number.isSafeInteger(id) ? await versionById(db, post.id, id) : undefined;
    if (!version) throw new ApiError('not_found', 'There is no such version of this post.');
    return version;
  };

  app.get('/:id/history/:version', async (c) => {
    const post = await postOr404(c);
    const version = await versionOr404(c, post);
    const current = await folder.source(post);
    const diff = createTwoFilesPatch('this version', 'now', version.source, current, undefined, undefined, { context: 3 })
      .split('\n')
      .slice(2)
      .join('\n');
    if (wantsJson(c)) return c.json({ version, diff });
    return page(c, 'History', String(await historyPage(await deskContext(c), post, await versionsOf(db, post.id), { version, diff })));
  });

  app.post('/:id/history/:version/restore', postBody, async (c) => {
    const post = await postOr404(c);
    const version = await versionOr404(c, post);
    const form = await readFields(c);
    const read = readPostSource(version.source);
    if ('problems' in read) throw new ApiError('validation_failed', 'That version cannot be read any more.', { field: 'frontmatter' });
    let restored: Awaited<ReturnType<PostFolder['save']>>;
    try {
      restored = await folder.save({ id: post.id, baseVersion: baseVersionOf(form), fields: read.fields, timeZone });
    } catch (error) {
      if (error instanceof StaleVersion) throw new ApiError('stale_version', `${error.message} Open the history again.`);
      if (error instanceof InvalidPost) throw new ApiError('validation_failed', error.message, { field: 'body' });
      throw error;
    }
    const now = clock();
    const actor = actorOf(c);
    await writes.write([
      versionStatement(post.id, restored.source, 'restore', actor, now),
      auditStatement(actor, { action: 'post.restore', targetType: 'post', targetId: post.id, detail: { version: version.id, title: read.fields.title } }, now, false),
    ]);
    publishing?.request(`restored an earlier version of “${read.fields.title}” (${actor.name}, from the desk)`);
    if (wantsJson(c)) return c.json({ ok: true });
    return c.redirect(`/desk/posts/${post.id}?done=restored`, 303);
  });

  return app;
}
