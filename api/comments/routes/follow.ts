// Following replies without an identity: a writer takes a follow token for their comment with its
// removal key; the address of tokens and references (follow.ts) reads as a page at /follow and as
// an Atom feed under /api, and stops. The token is in the URL: nothing here is cached, indexed, or
// sent on as a referrer.
import { Hono, type Context } from 'hono';
import { defaultTimeZone } from '../../../site/lib/time-zone.ts';
import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import { isForm, readFields } from '../../request-body.ts';
import { atomFeed } from '../feed.ts';
import * as follow from '../follow.ts';
import { followAtomEntries, followCreatedMain, followMissingMain, followPageMain, type FollowView } from '../follow-page.ts';
import * as model from '../model.ts';
import { commentIdParam, parse, referencePattern, removalSchema } from '../schemas.ts';
import { publicTime } from '../thread.ts';
import { answer, sizeLimit } from './answer.ts';
import type { Board } from './board.ts';

const revokeSchema = z.strictObject({
  address: z.string({ error: 'address is required' }).trim().min(1, 'address is required').max(2000),
  // For the page's form: the rest of the address, to go back to.
  keep: z.string().trim().max(2000).optional(),
});

/** A follow address's answers stay out of caches, search engines and other sites' logs. */
function privately(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex');
}

/** The addresses of one comment's follow token, relative to this server. */
export function followAddresses(token: string): { page: string; feed: string } {
  const address = follow.followAddress([{ kind: 'comment', value: token }]);
  return { page: `/follow/${address}`, feed: `/api/follow/${address}.atom` };
}

/** What the address leads to, with each followed comment's thread read (cached) for its number and replies. */
async function followView(board: Board, items: readonly follow.FollowItem[]): Promise<FollowView> {
  const found = await follow.readFollowed(board.deps.db, items);
  const comments = await Promise.all(
    found.comments.map(async (comment) => {
      const post = board.posts.get(comment.postId);
      const thread = post ? (await board.readThread(post)).comments : [];
      const number = comment.status === 'published' ? thread.find((x) => x.id === comment.id)?.number : undefined;
      const replies = thread.filter((x) => x.parentId === comment.id && x.status === 'published').sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
      return { ...comment, post: post && { title: post.title, url: new URL(post.url, board.pagesOrigin).href }, number, replies };
    }),
  );
  return { comments, references: found.references, missing: found.missing };
}

/** Under /api: taking a follow token, the feed, and stopping. */
export function followRoutes(board: Board): Hono {
  const { deps, writes } = board;
  const { db, clock } = deps;
  const app = new Hono();

  // The key proves the comment is the sender's; the token is answered once, and only its hash kept.
  app.post('/comments/:id/follow', sizeLimit(board), async (c) => {
    const id = commentIdParam(c.req.param('id'));
    const fields = await readFields(c);
    const comment = await model.getComment(db, id);
    const post = comment ? board.posts.get(comment.postId) : undefined;
    const take = async () => follow.followComment(db, writes, id, parse(removalSchema, fields).removalKey);
    return answer(c, board, take, {
      json: ({ token }) => {
        privately(c);
        return c.json({ follow: { token, ...followAddresses(token) } }, 201);
      },
      form: ({ token, postId }) => {
        privately(c);
        const { page, feed } = followAddresses(token);
        const on = board.posts.get(postId);
        const back = on ? { title: on.title, url: new URL(on.url, board.pagesOrigin).href } : { title: 'the blog', url: `${board.pagesOrigin}/` };
        const main = followCreatedMain(back, { page: `${board.boardOrigin}${page}`, feed: `${board.boardOrigin}${feed}` });
        return c.html(board.shell.render({ title: 'Follow replies', main }), 201);
      },
      refusedForm: { post },
    });
  });

  app.get('/follow/:feed{.+[.]atom}', async (c) => {
    privately(c);
    const address = c.req.param('feed').slice(0, -'.atom'.length);
    const view = await followView(board, follow.parseFollowAddress(address));
    if (view.comments.length === 0 && view.references.length === 0) throw new ApiError('follow_not_found', 'There is nothing to follow at this address: it is wrong, or following was stopped.');
    const entries = followAtomEntries(view, board.boardOrigin).slice(0, 100);
    const xml = atomFeed({ title: 'Replies to your comments', selfUrl: `${board.boardOrigin}/api/follow/${address}.atom`, pagesOrigin: board.pagesOrigin, updated: entries[0]?.updated ?? publicTime(clock()), entries });
    return c.body(xml, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  });

  // Every comment token in `address` stops; the page's form goes back to the rest (`keep`).
  app.post('/follow/revoke', sizeLimit(board), async (c) => {
    privately(c);
    const input = parse(revokeSchema, await readFields(c));
    const tokens = follow.parseFollowAddress(input.address).flatMap((item) => (item.kind === 'comment' ? [item.value] : []));
    const keep = input.keep ? follow.followAddress(follow.parseFollowAddress(input.keep)) : '';
    const stopped = await follow.stopFollowing(writes, tokens);
    if (!isForm(c)) return c.json({ stopped });
    if (keep) return c.redirect(`/follow/${keep}`, 303);
    return c.html(board.shell.render({ title: 'Stopped', main: '<h1>Stopped</h1><div class="notice" role="status"><p>You no longer follow these comments: their address leads nowhere now.</p></div>' }));
  });

  return app;
}

/** At /follow: the page of a follow address, for its holder. */
export function followPages(board: Board): Hono {
  const { db } = board.deps;
  const timeZone = board.deps.timeZone ?? defaultTimeZone;
  const pages = new Hono();
  const page = (c: Context, main: string, status: 200 | 400 | 404 | 422 = 200) => {
    privately(c);
    return c.html(board.shell.render({ title: 'Replies to your comments', main }), status);
  };

  pages.get('/:address', async (c) => {
    const items = refusedAs(() => follow.parseFollowAddress(c.req.param('address')));
    if (typeof items === 'string') return page(c, followMissingMain(items), 400);
    // The page's form adds to the address: the new one is only ever in the URL it leads to.
    const added = c.req.query('add');
    let error: string | undefined;
    if (added !== undefined) {
      const more = await itemsToAdd(db, added);
      const joined = typeof more === 'string' ? more : refusedAs(() => follow.parseFollowAddress(follow.followAddress([...items, ...more])));
      if (typeof joined !== 'string') return c.redirect(`/follow/${follow.followAddress(joined)}`, 303);
      error = joined;
    }
    const view = await followView(board, items);
    if (view.comments.length === 0 && view.references.length === 0) return page(c, followMissingMain(), 404);
    return page(c, followPageMain(view, follow.followAddress(items), timeZone, error), error ? 422 : 200);
  });

  return pages;
}

/**
 * What a reader pasted to follow here as well: another follow address (or its URL), or a report's
 * or a removal request's reference. A string is what was wrong with it.
 */
async function itemsToAdd(db: Board['deps']['db'], pasted: string): Promise<follow.FollowItem[] | string> {
  const text = pasted.trim().replace(/^.*\/follow\//, '').replace(/[?#].*$/, '').replace(/[.]atom$/, '');
  if (/^[crq][.]/.test(text)) return refusedAs(() => follow.parseFollowAddress(text));
  const kind = referencePattern.test(text) ? await follow.referenceKind(db, text) : undefined;
  return kind ? [{ kind, value: text }] : 'There is no report or request with this reference: check it against the one you were given.';
}

/** What `read` returns, or the message of the refusal it throws. */
function refusedAs<T>(read: () => T): T | string {
  try {
    return read();
  } catch (error) {
    if (error instanceof ApiError) return error.message;
    throw error;
  }
}
