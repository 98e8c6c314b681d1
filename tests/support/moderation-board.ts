// The whole app (comment board and moderation) through app.request(), for one moderation test file:
// a temporary database, the real renderer, a clock the tests move, an editor and a moderator
// signed in, and the requests the tests send (forms and JSON from the site, comments and reports
// from readers at given addresses).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import type { WriteQueue } from '../../api/db/write-queue.ts';
import { createSourceHasher } from '../../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../../api/render/pool.ts';
import { createAccount } from '../../moderation/auth/accounts.ts';
import { openTempDatabase, type TempDatabase } from './temp-database.ts';

export const boardUrl = 'http://127.0.0.1:4321';
export const editorPassword = 'a long editor password';
export const moderatorPassword = 'a long moderator password';

const testPost = (id: string): PostsManifestEntry => ({ id, title: `Post ${id}`, url: `/2026/11/${id}/`, published: '2026-11-20T10:00:00.000Z', labels: [], comments: 'open' });

type App = ReturnType<typeof createApp>;
type Fields = Record<string, string | string[]>;
type Headers = Record<string, string>;

export interface ModerationBoard {
  temp: TempDatabase;
  db: Database;
  pool: RenderPool;
  app: App;
  /** The desk's posts folder (content/posts), empty at first. */
  postsDir: string;
  /** Now, as the app sees it: tests move it forward. */
  clock: number;
  /** The session cookies ("name=value") of Edith Editor and Mo Derator. */
  editor: string;
  moderator: string;
  /** The same app on another origin or database (rate limits off, like `app`); its writes go to `writes`, or to a queue of its own. */
  appFor(options: { pagesOrigin?: string; db?: Database; writes?: WriteQueue; timeZone?: string; limits?: boolean }): App;
  /** From the site itself, each from a new address (sign-in limits count per address). */
  headers(cookie?: string, extra?: Headers): Headers;
  form(fields: Fields, cookie?: string, extra?: Headers): RequestInit;
  jsonPost(data: unknown, cookie?: string, extra?: Headers): RequestInit;
  /** Signs in through the form and answers the session cookie. */
  login(name: string, password: string): Promise<string>;
  /** A reader's comment, published or held. */
  comment(postId: string, body: string, extra?: Record<string, unknown>, from?: string): Promise<{ id: number; status: string }>;
  thread(postId: string): Promise<{ id: number; status: string; html?: string; author: { name: string; kind: string } | null }[]>;
  report(id: number, reason: string, from: string): Promise<{ id: string; status: string }>;
  audit(action: string): Promise<Record<string, unknown>[]>;
}

/** The board for this test file: built in beforeAll, closed in afterAll. */
export function useModerationBoard(name: string, postIds: readonly string[] = []): ModerationBoard {
  const posts = postIds.map(testPost);
  let nextSource = 1;
  const board = { clock: Date.UTC(2026, 10, 26, 10) } as ModerationBoard;
  board.appFor = ({ pagesOrigin = boardUrl, db = board.db, writes, timeZone, limits = false }) =>
    createApp({
      distDir: board.temp.dir,
      pagesOrigin,
      posts,
      desk: { postsDir: board.postsDir, publicDir: join(board.temp.dir, 'public'), locale: 'en-GB' },
      comments: { db, ...(writes ? { writes } : {}), renderer: board.pool, sources: createSourceHasher(() => board.clock), clock: () => board.clock, formSecret: 'secret', limits, trustedProxyHeader: 'X-Forwarded-For', ...(timeZone ? { timeZone } : {}) },
    });
  board.headers = (cookie, extra = {}) => ({
    Origin: boardUrl,
    'X-Forwarded-For': `198.51.100.${nextSource++ % 250}`,
    ...(cookie ? { Cookie: cookie } : {}),
    ...extra,
  });
  board.form = (fields, cookie, extra = {}) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return { method: 'POST', headers: board.headers(cookie, { 'Content-Type': 'application/x-www-form-urlencoded', ...extra }), body: body.toString() };
  };
  board.jsonPost = (data, cookie, extra = {}) => ({
    method: 'POST',
    headers: board.headers(cookie, { 'Content-Type': 'application/json', Accept: 'application/json', ...extra }),
    body: JSON.stringify(data),
  });
  board.login = async (name, password) => {
    const res = await board.app.request('/moderation/login', board.form({ username: name, password }));
    expect(res.status).toBe(303);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('befriend_session='))!;
    return session.split(';')[0]!;
  };
  board.comment = async (postId, body, extra = {}, from = '203.0.113.9') => {
    const res = await board.app.request(`/api/posts/${postId}/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify({ body, ...extra }) });
    expect([201, 202]).toContain(res.status);
    return ((await res.json()) as { comment: { id: number; status: string } }).comment;
  };
  board.thread = async (postId) => {
    const res = await board.app.request(`/api/posts/${postId}/comments`);
    return ((await res.json()) as { comments: Awaited<ReturnType<ModerationBoard['thread']>> }).comments;
  };
  board.report = async (id, reason, from) => {
    const res = await board.app.request(`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify({ reason }) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { report: { id: string; status: string } }).report;
  };
  board.audit = async (action) => (await board.db.execute({ sql: 'SELECT * FROM audit_log WHERE action = ? ORDER BY id', args: [action] })).rows;

  beforeAll(async () => {
    board.temp = await openTempDatabase(name);
    board.db = board.temp.db;
    board.postsDir = join(board.temp.dir, 'posts');
    await writeFile(join(board.temp.dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"><h1>Sorry</h1></main></body></html>');
    board.pool = createRenderPool({ size: 1 });
    board.app = board.appFor({ writes: board.temp.writes });
    await createAccount(board.db, { name: 'Edith Editor', role: 'editor', password: editorPassword }, board.clock);
    await createAccount(board.db, { name: 'Mo Derator', role: 'moderator', password: moderatorPassword }, board.clock);
    board.editor = await board.login('Edith Editor', editorPassword);
    board.moderator = await board.login('mo derator', moderatorPassword);
  });

  afterAll(async () => {
    await board.pool?.close();
    await board.temp?.close();
  });

  return board;
}

/** Nothing in the audit log says who a reader is: no address, no removal key. */
export async function expectPrivateAudit(db: Database): Promise<void> {
  const dump = JSON.stringify((await db.execute('SELECT * FROM audit_log')).rows);
  expect(dump).not.toMatch(/203\.0\.113|198\.51\.100|192\.0\.2/);
  expect(dump).not.toMatch(/removal_?key/i);
}
