// Removals: the author removes their comment with its key (DELETE, or a form from the page without
// JavaScript), or, having lost the key, asks the moderators to; and reads where that request stands.
import { Hono, type Context } from 'hono';
import { ApiError } from '../../errors.ts';
import { readFields } from '../../request-body.ts';
import { removalRequestLimit } from '../limits.ts';
import * as model from '../model.ts';
import { commentIdParam, formRemovalRequestSchema, formRemovalSchema, parse, referencePattern, removalRequestSchema, removalSchema } from '../schemas.ts';
import { answer, sizeLimit } from './answer.ts';
import type { Board } from './board.ts';

export function removalRoutes(board: Board): Hono {
  const { deps, posts, writes } = board;
  const { db, clock, sources } = deps;
  const limit = sizeLimit(board);
  const app = new Hono();

  app.delete('/comments/:id', limit, async (c) => {
    const id = commentIdParam(c.req.param('id'));
    const { removalKey } = parse(removalSchema, await readFields(c));
    await model.removeByAuthor(db, writes, id, removalKey, clock());
    return c.json({ comment: { id, status: 'removed_by_author' } }, 200);
  });

  // The same for an HTML form (which cannot send DELETE): the comment is chosen in the form.
  app.post('/comments/remove', limit, async (c) => {
    const { commentId, removalKey } = parse(formRemovalSchema, await readFields(c));
    const comment = await model.getComment(db, commentId);
    const post = comment ? posts.get(comment.postId) : undefined;
    if (!comment || !post) throw new ApiError('comment_not_found', 'There is no such comment.');
    return answer(c, board, () => model.removeByAuthor(db, writes, commentId, removalKey, clock()), {
      json: () => c.json({ comment: { id: commentId, status: 'removed_by_author' } }, 200),
      form: () => c.redirect(`${board.pagePath(post.id)}?sent=removed`, 303),
      refusedForm: { post },
    });
  });

  /** An author who lost the key asks the moderators to remove their comment. */
  const requestRemoval = async (c: Context, commentId: number, note: string) => {
    const limits = deps.limits ? [removalRequestLimit(sources, board.sourceOf(c), await board.settings())] : [];
    return model.requestRemoval(db, writes, { commentId, note, limits, now: clock() });
  };

  app.post('/comments/:id/removal-requests', limit, async (c) => {
    const id = commentIdParam(c.req.param('id'));
    const { note } = parse(removalRequestSchema, await readFields(c));
    return c.json({ removalRequest: await requestRemoval(c, id, note) }, 201);
  });

  // The same from the page without JavaScript, where the comment is chosen in the form.
  app.post('/comments/removal-requests', limit, async (c) => {
    const fields = await readFields(c);
    const commentId = Number(fields['commentId']);
    const comment = Number.isSafeInteger(commentId) && commentId > 0 ? await model.getComment(db, commentId) : undefined;
    const post = comment ? posts.get(comment.postId) : undefined;
    const request = async () => {
      const { note } = parse(formRemovalRequestSchema, fields);
      if (!comment || !post) throw new ApiError('comment_not_found', 'There is no such comment.');
      return { removalRequest: await requestRemoval(c, commentId, note), on: post };
    };
    return answer(c, board, request, {
      json: ({ removalRequest }) => c.json({ removalRequest }, 201),
      form: ({ removalRequest, on }) => c.redirect(`${board.pagePath(on.id)}?sent=requested&ref=${encodeURIComponent(removalRequest.id)}#remove-form`, 303),
      refusedForm: { post, state: { requestNote: typeof fields['note'] === 'string' ? fields['note'] : undefined, requestFor: commentId } },
    });
  });

  app.get('/removal-requests/:id', async (c) => {
    const id = c.req.param('id');
    if (!referencePattern.test(id)) throw new ApiError('request_not_found', 'There is no removal request with this reference.');
    return c.json({ removalRequest: await model.getRemovalRequest(db, id) });
  });

  return app;
}
