import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase, schemaVersion, splitStatements, type Database } from './database.ts';

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
