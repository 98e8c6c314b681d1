// Threads: a post's comments as JSON (cached, with an ETag and gzip), a new comment or reply,
// the comment feeds, and comment counts for lists of posts.
import { Hono, type Context } from 'hono';
import { ApiError } from '../../errors.ts';
import { isForm, readFields } from '../../request-body.ts';
import { commentsAtom } from '../feed.ts';
import { issueFormToken } from '../form-token.ts';
import * as model from '../model.ts';
import { submitComment, validateSubmission } from '../submit.ts';
import { anonymousName, publicTime } from '../thread.ts';
import type { ThreadPageState } from '../thread-page.ts';
import { answer, sizeLimit } from './answer.ts';
import type { Board } from './board.ts';

const gzipAccepted = /\bgzip\b/;

/** What the reader wrote, to put back in the form when it is refused. */
function writtenSoFar(fields: Record<string, unknown>): ThreadPageState['values'] {
  const text = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : undefined);
  const values: NonNullable<ThreadPageState['values']> = {};
  if (text('body')) values.body = text('body')!;
  if (text('name')) values.name = text('name')!;
  const parentId = Number(text('parentId'));
  if (Number.isSafeInteger(parentId) && parentId > 0) values.parentId = parentId;
  return values;
}

export function threadRoutes(board: Board): Hono {
  const { deps, posts } = board;
  const { clock, formSecret } = deps;
  const app = new Hono();

  // The thread, served from a cache that any write (from any process) invalidates via the
  // post's version row, with an ETag so unchanged threads cost a 304.
  // The form token travels in a header, fresh for every request, so the body stays the same
  // bytes for every reader until the thread changes.
  app.get('/posts/:postId/comments', async (c) => {
    const post = board.findPost(c.req.param('postId'));
    const cached = await board.readThread(post);
    const headers: Record<string, string> = { ETag: cached.etag, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
    if (post.comments !== 'closed') headers['Form-Token'] = issueFormToken(formSecret, clock());
    const challenge = post.comments !== 'closed' ? await board.challenge() : undefined;
    if (challenge) headers['Pow-Challenge'] = challenge;
    if (c.req.header('If-None-Match') === cached.etag) return c.body(null, 304, headers);
    headers['Content-Type'] = 'application/json; charset=utf-8';
    if (gzipAccepted.test(c.req.header('Accept-Encoding') ?? '')) {
      headers['Content-Encoding'] = 'gzip';
      return c.body(cached.gzipped, 200, headers);
    }
    return c.body(cached.body, 200, headers);
  });

  // A new comment or reply. The script is answered in JSON (201 published, 202 held); the form,
  // with the thread itself, the key beside the new comment: a redirect would put the key in a
  // URL (the browser's history).
  app.post('/posts/:postId/comments', sizeLimit(board), async (c) => {
    const post = board.findPost(c.req.param('postId'));
    const fields = await readFields(c);
    let source: string | undefined;
    const submit = async () => {
      // The sender's session is looked up (and perhaps renewed) only for fields worth storing.
      const input = validateSubmission(post, fields);
      source = input.body;
      const now = clock();
      const written = await submitComment(board.submitting, { post, input, source: board.sourceOf(c), staff: await board.staffOf(c), now, form: isForm(c) });
      if (written.comment.status === 'pending') deps.onQueueEvent?.({ kind: 'held', commentId: written.comment.id });
      return written;
    };
    return answer(c, board, submit, {
      json: async ({ comment, removalKey }) => {
        // A form token and a browser check are good for one comment: here are the next one's.
        c.header('Form-Token', issueFormToken(formSecret, clock()));
        const challenge = await board.challenge();
        if (challenge) c.header('Pow-Challenge', challenge);
        return c.json({ comment, removalKey }, comment.status === 'published' ? 201 : 202);
      },
      form: async (written) => {
        c.header('Cache-Control', 'no-store');
        return c.html(await board.renderPage(post, { written: { ...written, source } }, c), written.comment.status === 'published' ? 201 : 202);
      },
      refusedForm: { post, values: writtenSoFar(fields) },
    });
  });

  const atom = (c: Context, xml: string) => c.body(xml, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'no-cache' });

  app.get('/posts/:postId/comments.atom', async (c) => {
    const post = board.findPost(c.req.param('postId'));
    const { comments } = await board.readThread(post);
    const shown = comments.filter((x) => x.status === 'published').sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id).slice(0, 100);
    return atom(
      c,
      commentsAtom({
        title: `Comments on “${post.title}”`,
        selfUrl: `${board.boardOrigin}/api/posts/${encodeURIComponent(post.id)}/comments.atom`,
        pagesOrigin: board.pagesOrigin,
        updated: shown[0]?.createdAt ?? publicTime(Date.parse(post.published)),
        entries: shown.map((x) => ({ id: x.id, postTitle: post.title, postUrl: post.url, number: x.number, authorName: x.author!.name, html: x.html ?? '', createdAt: x.createdAt })),
      }),
    );
  });

  app.get('/comments/recent.atom', async (c) => {
    const recent = (await model.recentComments(deps.db, 50)).filter((x) => posts.has(x.postId));
    return atom(
      c,
      commentsAtom({
        title: 'Recent comments',
        selfUrl: `${board.boardOrigin}/api/comments/recent.atom`,
        pagesOrigin: board.pagesOrigin,
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
    return c.json({ counts: await model.countComments(deps.db, known) });
  });

  return app;
}
