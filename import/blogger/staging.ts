// Comments wait on disk, not in memory, between reading the export (where they come in any order,
// after all the posts) and storing them post by post: a temporary SQLite file, deleted at the end.
import { createClient, type Client, type InStatement } from '@libsql/client';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StagedComment {
  number: string;
  parent: string | undefined;
  name: string;
  uri: string | undefined;
  published: number;
  /** The Markdown the board stores (empty when removed). */
  source: string;
  /** Its rendering (null when removed, empty, or in a dry run). */
  html: string | null;
  removed: 'author' | 'administrator' | undefined;
  line: number;
}

export interface Staging {
  add(post: string, comment: StagedComment): Promise<void>;
  /** Posts that have comments, with how many. */
  posts(): Promise<Map<string, number>>;
  comments(post: string): Promise<StagedComment[]>;
  close(): Promise<void>;
}

const flushEvery = 2000;

export async function openStaging(dir = tmpdir()): Promise<Staging> {
  const path = join(dir, `befriend-import-${process.pid}-${randomBytes(4).toString('hex')}.db`);
  const db: Client = createClient({ url: `file:${path}` });
  await db.batch(
    [
      'CREATE TABLE staged (post TEXT NOT NULL, number TEXT NOT NULL, parent TEXT, name TEXT NOT NULL, uri TEXT, published REAL NOT NULL, source TEXT NOT NULL, html TEXT, removed TEXT, line INTEGER NOT NULL)',
    ],
    'write',
  );
  let pending: InStatement[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await db.batch(batch, 'write');
  };
  return {
    async add(post, c) {
      pending.push({ sql: 'INSERT INTO staged VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', args: [post, c.number, c.parent ?? null, c.name, c.uri ?? null, c.published, c.source, c.html, c.removed ?? null, c.line] });
      if (pending.length >= flushEvery) await flush();
    },
    async posts() {
      await flush();
      await db.execute('CREATE INDEX IF NOT EXISTS staged_by_post ON staged (post)');
      const result = await db.execute('SELECT post, count(*) AS n FROM staged GROUP BY post ORDER BY min(rowid)');
      return new Map(result.rows.map((row) => [String(row['post']), Number(row['n'])]));
    },
    async comments(post) {
      const result = await db.execute({ sql: 'SELECT * FROM staged WHERE post = ? ORDER BY rowid', args: [post] });
      return result.rows.map((row) => ({
        number: String(row['number']),
        parent: row['parent'] === null ? undefined : String(row['parent']),
        name: String(row['name']),
        uri: row['uri'] === null ? undefined : String(row['uri']),
        published: Number(row['published']),
        source: String(row['source']),
        html: row['html'] === null ? null : String(row['html']),
        removed: row['removed'] === null ? undefined : (String(row['removed']) as 'author' | 'administrator'),
        line: Number(row['line']),
      }));
    },
    async close() {
      db.close();
      await Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${path}${suffix}`, { force: true })));
    },
  };
}
