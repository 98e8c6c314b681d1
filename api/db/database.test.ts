import { createClient } from '@libsql/client';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseFiles, foundIn } from '../../tests/support/file-bytes.ts';
import { loadMigrations, migrate, openDatabase, schemaVersion, splitStatements, type Database } from './database.ts';
import { openWriteThread } from './write-thread.ts';

let dir: string;
let db: Database | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-db-'));
});
afterEach(async () => {
  db?.close();
  db = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('splitStatements', () => {
  it('splits on semicolons at line ends and drops comments', () => {
    expect(splitStatements('-- a table\nCREATE TABLE a (x TEXT); -- trailing\nCREATE INDEX i ON a (x);\n')).toEqual(['CREATE TABLE a (x TEXT)', 'CREATE INDEX i ON a (x)']);
  });
});

describe('openDatabase', () => {
  it('creates the folder, switches to WAL and applies every migration', async () => {
    db = await openDatabase({ url: `file:${join(dir, 'nested', 'befriend.db')}` });
    const latest = (await loadMigrations()).at(-1)!.version;
    expect(await schemaVersion(db)).toBe(latest);
    expect((await db.execute('PRAGMA journal_mode')).rows[0]?.[0]).toBe('wal');
    const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).rows.map((r) => r[0]);
    expect(tables).toEqual(expect.arrayContaining(['comments', 'reports', 'removal_requests', 'rate_limits', 'settings', 'thread_versions']));
  });

  it('is idempotent: opening again changes nothing', async () => {
    const url = `file:${join(dir, 'befriend.db')}`;
    db = await openDatabase({ url });
    await db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')");
    db.close();
    db = await openDatabase({ url });
    expect((await db.execute('SELECT value FROM settings')).rows[0]?.[0]).toBe('1');
  });

  it.each(['file::memory:', ':memory:'])('refuses %s, which would lose data between pooled connections', async (url) => {
    await expect(openDatabase({ url })).rejects.toThrow(/in-memory database/);
  });

  it('refuses a database whose schema is newer than the code', async () => {
    const url = `file:${join(dir, 'befriend.db')}`;
    db = await openDatabase({ url });
    await db.execute('PRAGMA user_version = 999');
    await expect(migrate(db)).rejects.toThrow(/newer than this version of Befriend knows/);
  });

  it('rolls back a failing migration whole', async () => {
    db = await openDatabase({ url: `file:${join(dir, 'befriend.db')}` });
    const migrations = await loadMigrations();
    const bad = { version: migrations.length + 1, name: 'bad', statements: ['CREATE TABLE half_done (x TEXT)', 'THIS IS NOT SQL'] };
    await expect(migrate(db, [...migrations, bad])).rejects.toThrow(/Migration bad failed/);
    expect(await schemaVersion(db)).toBe(migrations.length);
    expect((await db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")).rows[0]?.[0]).toBe(0);
  });
});

const modeOf = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);

describe('the database file on disk', () => {
  it('makes the folder it creates, the database, its log and its index the owner’s alone, whatever the umask', async () => {
    const path = join(dir, 'data', 'befriend.db');
    const umask = process.umask(0);
    try {
      db = await openDatabase({ url: `file:${path}` });
      await db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')");
    } finally {
      process.umask(umask);
    }
    expect(await modeOf(join(dir, 'data'))).toBe('700');
    expect(await Promise.all(databaseFiles(path).map(modeOf))).toEqual(['600', '600', '600']);
  });

  it('makes a database that others could read the owner’s alone when it opens it', async () => {
    const path = join(dir, 'old.db');
    const old = createClient({ url: `file:${path}` });
    await old.execute('PRAGMA journal_mode = WAL');
    await old.execute('CREATE TABLE t (x)');
    old.close();
    expect(await modeOf(path)).toBe('644');
    db = await openDatabase({ url: `file:${path}` });
    expect(await modeOf(path)).toBe('600');
  });

  it('zeroes what any of its writing connections frees: the client’s own, however many writes at once, and the write thread’s', async () => {
    const path = join(dir, 'secure.db');
    db = await openDatabase({ url: `file:${path}` });
    const client = db;
    const thread = openWriteThread(db, { url: `file:${path}` });
    const tag = randomBytes(4).toString('hex');
    const n = Array.from({ length: 30 }, (_, i) => i);
    const fromClient = n.map((i) => `written-by-the-client-${tag}-${i}`);
    const fromThread = n.map((i) => `written-by-the-thread-${tag}-${i}`);
    const padding = ' padding that fills pages'.repeat(10);
    try {
      // Writes at once: a client with a pool of connections spreads them over several.
      await Promise.all(fromClient.map((marker) => client.execute({ sql: 'INSERT INTO settings (key, value) VALUES (?, ?)', args: [marker, JSON.stringify(marker + padding)] })));
      await Promise.all(fromThread.map((marker) => thread.batch([{ sql: 'INSERT INTO rate_limits (key, count, expires_at) VALUES (?, 1, 0)', args: [marker + padding] }])));
      expect(foundIn(databaseFiles(path), [...fromClient, ...fromThread])).toHaveLength(60);
      await Promise.all(fromClient.map((marker) => client.execute({ sql: 'DELETE FROM settings WHERE key = ?', args: [marker] })));
      await Promise.all(fromThread.map((marker) => thread.batch([{ sql: 'DELETE FROM rate_limits WHERE key = ?', args: [marker + padding] }])));
      expect((await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')).rows[0]?.[0]).toBe(0);
      expect(foundIn(databaseFiles(path), [...fromClient, ...fromThread])).toEqual([]);
    } finally {
      await thread.close();
    }
  });
});

describe('migration 4', () => {
  it('keeps reports and removal requests with their indexes, lets source keys and notes be emptied, and drops notes already decided', async () => {
    const path = join(dir, 'v3.db');
    const migrations = await loadMigrations();
    const old = createClient({ url: `file:${path}`, concurrency: 1 });
    await migrate(old, migrations.filter((m) => m.version <= 3));
    const note = (what: string) => `${what}-${randomBytes(4).toString('hex')}`;
    const notes = { open: note('open-report'), dismissed: note('dismissed-report'), onErased: note('report-on-erased'), request: note('open-request'), declined: note('declined-request'), erasedText: note('erased-before-the-upgrade') };
    await old.batch(
      [
        "INSERT INTO comments (id, post_id, author_kind, body_source, body_html, status, removal_key_hash, created_at, updated_at) VALUES (1, 'p', 'anonymous', 'shown', '<p>shown</p>', 'published', 'h', 1, 1)",
        { sql: "INSERT INTO comments (id, post_id, author_kind, body_source, body_html, status, removal_key_hash, created_at, updated_at) VALUES (2, 'p', 'anonymous', ?, ?, 'published', 'h', 2, 2)", args: [notes.erasedText, notes.erasedText] },
        { sql: "INSERT INTO reports (id, comment_id, reason, note, source_key, status, created_at) VALUES ('r1', 1, 'spam', ?, 'k1', 'open', 1)", args: [notes.open] },
        { sql: "INSERT INTO reports (id, comment_id, reason, note, source_key, status, created_at, decided_at, decided_by) VALUES ('r2', 1, 'abuse', ?, 'k2', 'dismissed', 1, 2, 'Mo')", args: [notes.dismissed] },
        { sql: "INSERT INTO reports (id, comment_id, reason, note, source_key, status, created_at) VALUES ('r3', 2, 'spam', ?, 'k3', 'open', 1)", args: [notes.onErased] },
        { sql: "INSERT INTO removal_requests (id, comment_id, note, status, created_at) VALUES ('q1', 1, ?, 'open', 1)", args: [notes.request] },
        { sql: "INSERT INTO removal_requests (id, comment_id, note, status, created_at, decided_at, decided_by) VALUES ('q2', 1, ?, 'declined', 1, 2, 'Mo')", args: [notes.declined] },
        // Erased as versions before 4 erased: the old bytes stay in the file.
        "UPDATE comments SET body_source = NULL, body_html = NULL, status = 'removed_by_author' WHERE id = 2",
      ],
      'write',
    );
    old.close();

    db = await openDatabase({ url: `file:${path}` });
    expect(await schemaVersion(db)).toBe(migrations.at(-1)!.version);
    const rows = async (sql: string) => (await db!.execute(sql)).rows.map((row) => ({ ...row }));
    expect(await rows('SELECT id, comment_id, reason, note, source_key, status, created_at, decided_at, decided_by FROM reports ORDER BY id')).toEqual([
      { id: 'r1', comment_id: 1, reason: 'spam', note: notes.open, source_key: 'k1', status: 'open', created_at: 1, decided_at: null, decided_by: null },
      { id: 'r2', comment_id: 1, reason: 'abuse', note: null, source_key: 'k2', status: 'dismissed', created_at: 1, decided_at: 2, decided_by: 'Mo' },
      { id: 'r3', comment_id: 2, reason: 'spam', note: null, source_key: 'k3', status: 'open', created_at: 1, decided_at: null, decided_by: null },
    ]);
    expect(await rows('SELECT id, note, status FROM removal_requests ORDER BY id')).toEqual([
      { id: 'q1', note: notes.request, status: 'open' },
      { id: 'q2', note: null, status: 'declined' },
    ]);
    expect((await rows("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'reports' ORDER BY name")).map((r) => r['name'])).toEqual(['reports_by_comment', 'reports_with_source_tag', 'sqlite_autoindex_reports_1', 'sqlite_autoindex_reports_2']);
    // A reader still counts once per comment; keys emptied at the day's end no longer collide.
    await expect(db.execute("INSERT INTO reports (id, comment_id, reason, source_key, status, created_at) VALUES ('r4', 1, 'spam', 'k1', 'open', 3)")).rejects.toThrow(/UNIQUE/);
    await db.execute("UPDATE reports SET source_key = NULL WHERE comment_id = 1");
    await db.execute("INSERT INTO reports (id, comment_id, reason, source_key, status, created_at) VALUES ('r5', 1, 'spam', NULL, 'open', 3)");
    await db.execute("UPDATE removal_requests SET note = NULL WHERE id = 'q1'");
    // What was decided, or erased before the upgrade, is gone from the bytes too.
    expect(foundIn(databaseFiles(path), [notes.dismissed, notes.onErased, notes.declined, notes.erasedText])).toEqual([]);
  });
});
