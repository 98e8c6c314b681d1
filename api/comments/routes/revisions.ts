// A comment before it goes out and just after: its preview (the script's JSON, or the page
// without JavaScript shown again with the preview above the form, nothing stored), and its
// author's change with the removal key within the first minutes. Like a new comment's answer,
// the page that answers a change carries the key beside the comment, never in an address.
import { Hono } from 'hono';
import { readFields } from '../../request-body.ts';
import * as model from '../model.ts';
import { editComment, previewComment } from '../revise.ts';
import { commentIdParam, editSchema, newCommentSchema, parse } from '../schemas.ts';
import { writtenView } from '../submit.ts';
import type { ThreadPageState } from '../thread-page.ts';
import { answer, sizeLimit } from './answer.ts';
import type { Board } from './board.ts';

const text = (fields: Record<string, unknown>, key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);

export function revisionRoutes(board: Board): Hono {
  const { clock } = board.deps;
  const app = new Hono();

  app.post('/posts/:postId/comments/preview', sizeLimit(board), async (c) => {
    const post = board.findPost(c.req.param('postId'));
    const fields = await readFields(c);
    const values: NonNullable<ThreadPageState['values']> = {};
    for (const key of ['body', 'name'] as const) if (text(fields, key)) values[key] = text(fields, key)!;
    const parentId = Number(fields['parentId']);
    if (Number.isSafeInteger(parentId) && parentId > 0) values.parentId = parentId;
    const preview = async () => previewComment(board.submitting, post, parse(newCommentSchema, fields).body, clock());
    return answer(c, board, preview, {
      json: (result) => c.json({ preview: result }, 200),
      form: async (result) => {
        c.header('Cache-Control', 'no-store');
        return c.html(await board.renderPage(post, { preview: result, values }, c));
      },
      refusedForm: { post, values },
    });
  });

  app.post('/comments/:id/edit', sizeLimit(board), async (c) => {
    const id = commentIdParam(c.req.param('id'));
    const fields = await readFields(c);
    const stored = await model.getComment(board.deps.db, id);
    const post = stored ? board.posts.get(stored.postId) : undefined;
    const removalKey = text(fields, 'removalKey') ?? '';
    const change = async () => {
      const input = parse(editSchema, fields);
      return { comment: await editComment(board.submitting, board.posts, { id, ...input, now: clock() }), source: input.body };
    };
    // A refused change shows the page again with the comment as it stands and the text tried.
    const shownAgain: ThreadPageState | undefined = stored && post ? { written: { comment: writtenView(stored), removalKey, source: text(fields, 'body') ?? '' } } : undefined;
    return answer(c, board, change, {
      json: ({ comment }) => c.json({ comment }, 200),
      form: async ({ comment, source }) => {
        c.header('Cache-Control', 'no-store');
        return c.html(await board.renderPage(post!, { written: { comment, removalKey, source }, notice: { kind: 'edited' } }, c));
      },
      refusedForm: { post, ...(shownAgain ? { state: shownAgain } : {}) },
    });
  });

  return app;
}
