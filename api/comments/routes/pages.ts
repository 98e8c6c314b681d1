// The thread as a page, for readers without JavaScript (at /posts/<id>/comments): every comment,
// the forms, and what the last form post did (named in the redirect that brought the reader back).
import { Hono } from 'hono';
import type { ThreadPageState } from '../thread-page.ts';
import type { Board } from './board.ts';

export function threadPages(board: Board): Hono {
  const pages = new Hono();

  pages.get('/:postId/comments', async (c) => {
    const post = board.posts.get(c.req.param('postId'));
    if (!post) return c.notFound();
    const thread = await board.readThread(post);
    const find = (param: string) => {
      const id = Number(c.req.query(param));
      return Number.isSafeInteger(id) ? thread.comments.find((x) => x.id === id && x.status === 'published') : undefined;
    };
    const sent = c.req.query('sent');
    const notice: ThreadPageState['notice'] =
      sent === 'removed' || sent === 'reported' || sent === 'requested' ? { kind: sent, ...(c.req.query('ref') ? { reportId: c.req.query('ref')! } : {}) } : undefined;
    c.header('Cache-Control', 'no-store');
    return c.html(await board.renderPage(post, { notice, replyTo: find('reply'), reportOf: find('report'), page: Number(c.req.query('page')) || 1 }, c));
  });

  return pages;
}
