// A moderator's edit of a held or reported comment ("redact, then approve"): the form, and saving
// it (with approval of a held comment in the same write). The comment domain does the edit
// (api/comments/redact.ts); this adds who did it, the claim check and the answer.
import { Hono, type Context } from 'hono';
import { newCommentSchema } from '../../api/comments/schemas.ts';
import { redactable, redactComment } from '../../api/comments/redact.ts';
import { ApiError } from '../../api/errors.ts';
import { readFields } from '../../api/request-body.ts';
import { loadSettings } from '../../api/settings.ts';
import { endClaims, guardClaim, itemKey } from '../claims.ts';
import { redactPage } from '../pages/redact.ts';
import * as queue from '../queue.ts';
import { auditStatement } from '../queue.ts';
import type { RouteDeps } from './deps.ts';
import type { SignedInEnv } from './middleware.ts';
import { actorOf, confirmedClaim, done, reasonOf, refused, safeBack, wantsJson } from './respond.ts';

/** Refusals the form shows above the text kept as typed; any other goes back to the list. */
const keepsTheText = new Set(['validation_failed', 'body_too_complex', 'overloaded', 'unavailable']);

export function redactRoutes(deps: RouteDeps): Hono<SignedInEnv> {
  const { db, writes, clock, signedIn, page, pageContext } = deps;
  const app = new Hono<SignedInEnv>();

  const commentOf = async (raw: string) => {
    const id = Number(raw);
    const comment = Number.isSafeInteger(id) && id > 0 ? await queue.queueComment(db, id) : undefined;
    if (!comment) throw new ApiError('comment_not_found', 'There is no such comment.');
    return comment;
  };
  const form = async (c: Context<SignedInEnv>, comment: queue.QueueComment, fields: { body: string; reason: string; back: string; problem?: string }, status: 200 | 422 = 200) =>
    page(c, 'Edit a comment', String(await redactPage(await pageContext(c, c.var.account), { comment, parents: await queue.parentsOf(db, [comment]), ...fields })), status);

  app.get('/comments/:id/edit', signedIn, async (c) => {
    const comment = await commentOf(c.req.param('id'));
    const back = safeBack(c.req.query('back'), comment.status === 'pending' ? '/moderation/held' : '/moderation/reports');
    try {
      // What the life cycle lets a moderator edit (api/comments/life-cycle.ts `redact`), and its text.
      const { bodySource } = await redactable(db, comment.id);
      return await form(c, comment, { body: bodySource, reason: '', back });
    } catch (error) {
      return refused(c, back, error);
    }
  });

  app.post('/comments/:id/edit', signedIn, async (c) => {
    const fields = await readFields(c);
    const comment = await commentOf(c.req.param('id'));
    const back = safeBack(fields['back'], comment.status === 'pending' ? '/moderation/held' : '/moderation/reports');
    const typed = typeof fields['body'] === 'string' ? fields['body'] : '';
    const approve = fields['approve'] === '1' || fields['approve'] === true;
    try {
      const body = newCommentSchema.shape.body.safeParse(typed);
      if (!body.success) throw new ApiError('validation_failed', body.error.issues[0]?.message ?? 'Write the comment’s text.', { field: 'body' });
      const item = itemKey('comment', comment.id);
      await guardClaim(db, item, actorOf(c), clock(), confirmedClaim(fields));
      const settings = await loadSettings(db);
      const now = clock();
      await redactComment(db, writes, deps.renderer, {
        id: comment.id,
        body: body.data,
        approve,
        by: c.var.account.name,
        reason: reasonOf(fields),
        now,
        audit: (fact) => auditStatement(actorOf(c), fact, now),
        timeZone: deps.timeZone,
        maxDepth: settings.maxDisplayDepth,
      });
      if (approve) await endClaims(writes, [item]);
    } catch (error) {
      if (!wantsJson(c) && error instanceof ApiError && keepsTheText.has(error.code)) {
        return form(c, comment, { body: typed, reason: reasonOf(fields) ?? '', back, problem: error.message }, 422);
      }
      return refused(c, back, error);
    }
    return done(c, back, approve ? 'redact_approve' : 'redact');
  });

  return app;
}
