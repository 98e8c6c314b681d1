// The queue, for any signed-in moderator: the overview, held comments, reports, removal requests,
// removed comments and the audit log; a decision on one comment or on several at once, and its
// undo. Lists answer JSON when asked; decisions go back to their list with a notice or the reason.
import { Hono, type Context } from 'hono';
import { ApiError } from '../../api/errors.ts';
import { readFields } from '../../api/request-body.ts';
import { loadSettings } from '../../api/settings.ts';
import { auditPage, heldPage, overviewPage, removalRequestsPage, removedPage, reportsPage } from '../pages/queue.ts';
import * as queue from '../queue.ts';
import * as decisions from '../decisions.ts';
import { undoDecision, undoFor, undoMs } from '../undo.ts';
import { queueSources, type QueueSources } from '../sources.ts';
import { parseSourceTag } from '../../api/privacy/source-tag.ts';
import type { Account } from '../auth/accounts.ts';
import { commentActions, removalDecisions, reportDecisions } from '../../api/comments/decisions.ts';
import type { RouteDeps } from './deps.ts';
import type { SignedInEnv } from './middleware.ts';
import { claim, endClaims, guardClaim, itemKey, parseItem, release } from '../claims.ts';
import { actorOf, confirmedClaim, done, publicReasonOf, reasonOf, refused, safeBack, wantsJson } from './respond.ts';

const commentId = (c: Context) => {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError('comment_not_found', 'There is no such comment.');
  return id;
};

/** A list's source filter (`?source=K7QM2`), if any: the tag, and the comments of the queue it is on. */
function sourceFilter(c: Context, sources: QueueSources): { tag: string; only: number[] } | undefined {
  const asked = c.req.query('source');
  if (asked === undefined) return undefined;
  const tag = parseSourceTag(asked);
  if (!tag) throw new ApiError('validation_failed', 'A source is five letters and digits, as the queue shows it.', { field: 'source' });
  return { tag, only: [...(sources.entries.get(tag) ?? [])] };
}

export function queueRoutes(deps: RouteDeps): Hono<SignedInEnv> {
  const { db, writes, clock, signedIn, page, pageContext } = deps;
  const app = new Hono<SignedInEnv>();
  const withSources = async (c: Context, account: Account, sources: QueueSources) => ({ ...(await pageContext(c, account)), sources });

  app.get('/', signedIn, async (c) => page(c, 'Moderation', String(await overviewPage(await withSources(c, c.var.account, await queueSources(db, clock()))))));

  // Each item with the source it shares with others in the queue today, if any; `?source=` narrows the list to one.
  app.get('/held', signedIn, async (c) => {
    const sources = await queueSources(db, clock());
    const filter = sourceFilter(c, sources);
    const held = await queue.heldComments(db, 200, filter?.only);
    if (wantsJson(c)) return c.json({ held: held.map((comment) => ({ ...comment, sourceTag: sources.shared.get(comment.id)?.writer ?? null })) });
    const parents = await queue.parentsOf(db, held);
    return page(c, 'Held comments', String(await heldPage(await withSources(c, c.var.account, sources), held, parents, filter?.tag)));
  });

  app.get('/reports', signedIn, async (c) => {
    const sources = await queueSources(db, clock());
    const filter = sourceFilter(c, sources);
    const groups = await queue.reportGroups(db, 200, filter?.only);
    if (wantsJson(c)) return c.json({ reports: groups.map((group) => ({ ...group, sources: sources.shared.get(group.comment.id) ?? { writer: null, reporters: [] } })) });
    const parents = await queue.parentsOf(
      db,
      groups.map((g) => g.comment),
    );
    return page(c, 'Reported comments', String(await reportsPage(await withSources(c, c.var.account, sources), groups, parents, filter?.tag)));
  });

  app.get('/removal-requests', signedIn, async (c) => {
    const requests = await queue.openRemovalRequests(db);
    if (wantsJson(c)) return c.json({ removalRequests: requests });
    return page(c, 'Removal requests', String(await removalRequestsPage(await pageContext(c, c.var.account), requests)));
  });

  app.get('/removed', signedIn, async (c) => {
    const settings = await loadSettings(db);
    const removed = await queue.removedComments(db, clock(), settings.removedRetentionDays);
    if (wantsJson(c)) return c.json({ removed });
    return page(c, 'Removed comments', String(await removedPage(await pageContext(c, c.var.account), removed, settings.removedRetentionDays)));
  });

  app.get('/audit', signedIn, async (c) => {
    const text = (name: string, max: number) => c.req.query(name)?.trim().slice(0, max) || undefined;
    const before = Number(c.req.query('before'));
    const filter: queue.AuditFilter = { action: text('action', 64), account: text('account', 60), target: text('target', 64), before: Number.isSafeInteger(before) && before > 0 ? before : undefined };
    const entries = await queue.auditLog(db, filter);
    if (wantsJson(c)) return c.json({ audit: entries });
    return page(c, 'Audit log', String(await auditPage(await pageContext(c, c.var.account), entries, filter, await queue.auditActions(db))));
  });

  app.post('/comments/bulk', signedIn, async (c) => {
    const fields = await readFields(c, { repeated: ['ids'] });
    const back = safeBack(fields['back'], '/moderation/held');
    const action = fields['action'];
    if (action !== 'approve' && action !== 'reject') throw new ApiError('validation_failed', 'Choose approve or reject.', { field: 'action' });
    const raw = fields['ids'];
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    if (ids.length === 0) {
      if (wantsJson(c)) throw new ApiError('validation_failed', 'Select at least one comment.', { field: 'ids' });
      return c.redirect(`${back}${back.includes('?') ? '&' : '?'}error=nothing_selected`, 303);
    }
    const now = clock();
    const decide = async (id: number) => {
      // An item another moderator is on is left to them unless the selection says to act anyway.
      await guardClaim(db, itemKey('comment', id), actorOf(c), now, confirmedClaim(fields));
      const { auditId } = await decisions.decideComment(db, writes, { id, action, actor: actorOf(c), reason: reasonOf(fields), publicReason: publicReasonOf(fields), now });
      await endClaims(writes, [itemKey('comment', id)]);
      return undoFor(`comment.${action}`, auditId, now)?.auditId;
    };
    const outcomes = await Promise.allSettled(ids.map(decide));
    const failed = ids.filter((_, i) => outcomes[i]!.status === 'rejected');
    // One Undo takes back every rejection of the selection.
    const undoIds = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' && outcome.value !== undefined ? [outcome.value] : []));
    const undo = undoIds.length > 0 ? { undo: { auditIds: undoIds, until: now + undoMs } } : {};
    if (wantsJson(c)) return c.json({ ok: failed.length === 0, done: ids.filter((id) => !failed.includes(id)), failed, ...undo });
    // Back to the list as it was (narrowed to a source, perhaps), with the outcome.
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}${failed.length ? 'error=state_changed' : 'done=bulk'}${undoIds.map((id) => `&undo=${id}`).join('')}`, 303);
  });

  for (const action of commentActions) {
    app.post(`/comments/:id/${action}`, signedIn, async (c) => {
      const fields = await readFields(c);
      const back = safeBack(fields['back'], action === 'restore' ? '/moderation/removed' : action === 'remove' ? '/moderation/reports' : '/moderation/held');
      try {
        const item = itemKey('comment', commentId(c));
        const now = clock();
        await guardClaim(db, item, actorOf(c), now, confirmedClaim(fields));
        const { auditId } = await decisions.decideComment(db, writes, { id: commentId(c), action, actor: actorOf(c), reason: reasonOf(fields), publicReason: publicReasonOf(fields), now });
        await endClaims(writes, [item]);
        const undo = undoFor(`comment.${action}`, auditId, now);
        return done(c, back, action, undo ? { undo } : {}, undo ? [undo.auditId] : []);
      } catch (error) {
        return refused(c, back, error);
      }
    });
  }

  for (const decision of reportDecisions) {
    app.post(`/reports/:id/${decision}`, signedIn, async (c) => {
      const fields = await readFields(c);
      const back = safeBack(fields['back'], '/moderation/reports');
      try {
        const now = clock();
        const reported = await queue.reportedComment(db, c.req.param('id'));
        if (reported !== undefined) await guardClaim(db, itemKey('comment', reported), actorOf(c), now, confirmedClaim(fields));
        const { auditId, ...result } = await decisions.decideReports(db, writes, { reportId: c.req.param('id'), decision, actor: actorOf(c), reason: reasonOf(fields), publicReason: publicReasonOf(fields), now });
        await endClaims(writes, [itemKey('comment', result.commentId)]);
        const undo = undoFor(`reports.${decision}`, auditId, now);
        return done(c, back, decision, { ...result, ...(undo ? { undo } : {}) }, undo ? [undo.auditId] : []);
      } catch (error) {
        return refused(c, back, error);
      }
    });
  }

  for (const decision of removalDecisions) {
    app.post(`/removal-requests/:id/${decision}`, signedIn, async (c) => {
      const fields = await readFields(c);
      const back = safeBack(fields['back'], '/moderation/removal-requests');
      try {
        const item = itemKey('request', c.req.param('id'));
        await guardClaim(db, item, actorOf(c), clock(), confirmedClaim(fields));
        const result = await decisions.decideRemovalRequest(db, writes, { requestId: c.req.param('id'), decision, actor: actorOf(c), reason: reasonOf(fields), publicReason: publicReasonOf(fields), now: clock() });
        await endClaims(writes, [item]);
        return done(c, back, decision, result);
      } catch (error) {
        return refused(c, back, error);
      }
    });
  }

  // Taking one's own rejection, removal or upheld reports back, within minutes: one decision, or
  // the rejections of a bulk action together.
  app.post('/undo', signedIn, async (c) => {
    const fields = await readFields(c, { repeated: ['auditId'] });
    const back = safeBack(fields['back'], '/moderation');
    const raw = fields['auditId'];
    const auditIds = (Array.isArray(raw) ? raw : [raw]).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    if (auditIds.length === 0) throw new ApiError('validation_failed', 'Name the decision to undo by its audit record.', { field: 'auditId' });
    const now = clock();
    const outcomes = await Promise.allSettled(auditIds.map((auditId) => undoDecision(db, writes, { auditId, actor: actorOf(c), now })));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure && (auditIds.length === 1 || !wantsJson(c))) return refused(c, back, failure.reason);
    return done(c, back, 'undo', { undone: auditIds.filter((_, i) => outcomes[i]!.status === 'fulfilled'), failed: auditIds.filter((_, i) => outcomes[i]!.status === 'rejected') });
  });

  // "I'm on it", and letting it go.
  app.post('/claims', signedIn, async (c) => {
    const fields = await readFields(c);
    const back = safeBack(fields['back'], '/moderation');
    try {
      const held = await claim(writes, parseItem(fields['item']), { id: c.var.account.id, name: c.var.account.name }, clock());
      return done(c, back, 'claim', { claim: held });
    } catch (error) {
      return refused(c, back, error);
    }
  });

  app.post('/claims/release', signedIn, async (c) => {
    const fields = await readFields(c);
    await release(writes, parseItem(fields['item']), c.var.account.id);
    return done(c, safeBack(fields['back'], '/moderation'), 'release');
  });

  return app;
}
