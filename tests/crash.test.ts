// A comment acknowledged with 201 survives the server being killed (SIGKILL) the instant after.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../api/db/database.ts';
import { startServer, writeMinimalDist, type ServerProcess } from './support/server-process.ts';

let dir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-crash-'));
  await writeMinimalDist(join(dir, 'dist'), [
    { id: 'crash-post', title: 'Crash', url: '/2026/11/crash-post/', published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' },
  ]);
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('every acknowledged comment is there after SIGKILL in the middle of a write burst', async () => {
    const env = { DIST_DIR: join(dir, 'dist'), DATABASE_URL: `file:${join(dir, 'crash.db')}`, LIMITS: 'off' };
    server = await startServer(env);
    const acknowledged = new Set<number>();
    let sent = 0;
    let killed = false;
    const writer = async (worker: number) => {
      while (!killed) {
        sent += 1;
        try {
          const res = await fetch(`${server!.origin}/api/posts/crash-post/comments`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ body: `Comment ${sent} from writer ${worker}, with **some** text.` }),
          });
          if (res.status === 201) acknowledged.add(((await res.json()) as { comment: { id: number } }).comment.id);
        } catch {
          // The connection died with the server: that comment was never acknowledged.
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, i) => writer(i));
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await server.stop('SIGKILL');
    await Promise.all(writers);
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);

    // After a restart, the database has every acknowledged comment.
    server = await startServer(env);
    const thread = (await (await fetch(`${server.origin}/api/posts/crash-post/comments`)).json()) as { comments: { id: number }[] };
    const stored = new Set(thread.comments.map((c) => c.id));
    const lost = [...acknowledged].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    await server.stop();

    const db = await openDatabase({ url: `file:${join(dir, 'crash.db')}` });
    expect((await db.execute('PRAGMA integrity_check')).rows[0]?.[0]).toBe('ok');
    db.close();
  });
});
