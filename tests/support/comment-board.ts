// The comment board through createApp() and app.request(), for one test file: its own temporary
// database, the real renderer in one worker, the site's 404 page, and the posts the board's tests
// share (open, closed, moderated). Two apps on the one database: LIMITS off, and on.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { createApp } from '../../server/app.ts';
import { createSourceHasher } from '../../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../../api/render/pool.ts';
import { openTempDatabase, type TempDatabase } from './temp-database.ts';

const boardPost = (id: string, comments: PostsManifestEntry['comments'] = 'open'): PostsManifestEntry => ({
  id,
  title: id,
  url: `/2026/11/${id}/`,
  published: '2026-11-20T10:00:00.000Z',
  labels: [],
  comments,
});
const boardPosts = [boardPost('open-post'), boardPost('other-post'), boardPost('closed-post', 'closed'), boardPost('moderated-post', 'moderated'), boardPost('limits-post'), boardPost('minute-post'), boardPost('reference-post'), boardPost('long-post'), boardPost('edit-post')];
export const formSecret = 'test-form-secret';

type App = ReturnType<typeof createApp>;

export interface CommentBoard {
  database: TempDatabase;
  /** LIMITS off. */
  app: App;
  /** LIMITS on. */
  limited: App;
}

/** Opened before the file's tests, closed after; its fields are set once beforeAll has run. */
export function useCommentBoard(name: string, clock: () => number): CommentBoard {
  const board = {} as CommentBoard;
  let pool: RenderPool | undefined;
  beforeAll(async () => {
    const database = await openTempDatabase(name);
    await writeFile(join(database.dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"><h1>Sorry, that page does not exist</h1></main></body></html>');
    const renderer = createRenderPool({ size: 1 });
    pool = renderer;
    const makeApp = (limits: boolean) =>
      createApp({
        distDir: database.dir,
        pagesOrigin: 'http://127.0.0.1:4321',
        posts: boardPosts,
        comments: { db: database.db, writes: database.writes, renderer, sources: createSourceHasher(clock), clock, formSecret, limits, trustedProxyHeader: 'X-Forwarded-For', staffNames: ['The Befriender'] },
      });
    Object.assign(board, { database, app: makeApp(false), limited: makeApp(true) });
  });
  afterAll(async () => {
    await pool?.close();
    await board.database?.close();
  });
  return board;
}

export const json = (body: unknown, from = '203.0.113.1') => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from },
  body: JSON.stringify(body),
});

export const form = (fields: Record<string, string>, from = '203.0.113.40') => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': from },
  body: new URLSearchParams(fields).toString(),
});

/** The requests the board's tests make again and again. */
export function boardRequests(board: CommentBoard) {
  return {
    /** Sends a comment as JSON (to the LIMITS-off app unless told). */
    async postComment(postId: string, body: Record<string, unknown>, target = board.app) {
      const res = await target.request(`/api/posts/${postId}/comments`, json(body));
      return { res, data: (await res.json()) as Record<string, any> };
    },
    async thread(postId: string) {
      const res = await board.app.request(`/api/posts/${postId}/comments`);
      return (await res.json()) as { post: { id: string; commentPolicy: string }; count: number; comments: any[] };
    },
    async rowCount(table: string): Promise<number> {
      return Number((await board.database.db.execute(`SELECT count(*) FROM ${table}`)).rows[0]?.[0]);
    },
  };
}
