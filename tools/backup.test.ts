// npm run backup and npm run restore, run for real on database files: a backup taken while the
// server takes comments, restored over the live file; and every refusal, which changes nothing.
import { createClient, type Client, type Row } from '@libsql/client';
import { chmod, copyFile, mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, openDatabase } from '../api/db/database.ts';
import { startServer, writeMinimalDist, type ServerProcess } from '../tests/support/server-process.ts';
import { runTool, type ToolRun } from '../tests/support/tool.ts';
import { backup, UsageError } from './backup.ts';
import { restore } from './restore.ts';

let dir: string;
let server: ServerProcess | undefined;
const posts = ['first-post', 'second-post'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-backup-'));
  await writeMinimalDist(
    join(dir, 'dist'),
    posts.map((id) => ({ id, title: id, url: `/2026/11/${id}/`, published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' as const })),
  );
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run backup|restore -- ...args` the way npm would, started in `cwd`, with no terminal. */
function tool(name: 'backup' | 'restore', args: string[], live: string, cwd = dir): Promise<ToolRun> {
  return runTool(name, args, { databaseUrl: `file:${live}`, env: { INIT_CWD: cwd } });
}

/** A refusal by a command run in this process: its message says it all. */
async function expectUsageError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toMatch(message);
}

/** A refusal: exit code 1, the message, and no stack trace. */
function expectRefused(run: ToolRun, message: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

/** A database file as it is, without migrating it or changing its journal mode. */
async function withFile<T>(path: string, use: (db: Client) => Promise<T>): Promise<T> {
  const db = createClient({ url: `file:${path}`, concurrency: 1 });
  try {
    return await use(db);
  } finally {
    db.close();
  }
}

const modeOf = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);

async function rows(db: Client, sql: string): Promise<Row[]> {
  return (await db.execute(sql)).rows;
}

async function single(db: Client, sql: string): Promise<unknown> {
  return (await rows(db, sql))[0]?.[0];
}

/**
 * What a folder holds: each file's inode, size and modification time. Not its bytes: closing a file
 * this process has open would drop the SQLite locks the process holds on it (POSIX locks).
 */
async function folderState(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder)).sort();
  const state = await Promise.all(
    names.map(async (name) => {
      const { ino, size, mtimeNs } = await stat(join(folder, name), { bigint: true });
      // A WAL index changes on every read: only its presence counts.
      return [name, name.endsWith('-shm') ? 'present' : `${ino} ${size} ${mtimeNs}`];
    }),
  );
  return Object.fromEntries(state);
}

/**
 * A live database with a few comments and a sound backup of it, in a folder of their own. The live
 * file is left without a write-ahead log: the client really closes a connection only when it is
 * garbage-collected, and would fold a log into the file at that unknown moment.
 */
async function fixture(name: string): Promise<{ folder: string; live: string; backupFile: string }> {
  const folder = join(dir, name);
  await mkdir(folder);
  const live = join(folder, 'live.db');
  const backupFile = join(folder, 'backup.db');
  const db = await openDatabase({ url: `file:${live}` });
  for (let i = 0; i < 5; i++) {
    await db.batch(
      [
        {
          sql: `INSERT INTO comments (post_id, author_kind, body_html, status, removal_key_hash, created_at, updated_at) VALUES (?, 'anonymous', ?, 'published', 'x', ?, ?)`,
          args: ['first-post', `<p>Comment ${i}</p>`, i, i],
        },
        "INSERT INTO thread_versions (post_id, version) VALUES ('first-post', 1) ON CONFLICT (post_id) DO UPDATE SET version = version + 1",
      ],
      'write',
    );
  }
  await db.execute({ sql: 'VACUUM INTO ?', args: [backupFile] });
  await db.execute('PRAGMA journal_mode = DELETE');
  db.close();
  return { folder, live, backupFile };
}

describe('backup and restore', () => {
  it('backs up while the server takes comments, and restores that backup with the server stopped', async () => {
    const folder = join(dir, 'round-trip');
    await mkdir(folder);
    const live = join(folder, 'live.db');
    const backupFile = join(folder, 'backup.db');
    server = await startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: `file:${live}`, LIMITS: 'off' });

    let acknowledged = 0;
    let writing = true;
    const writer = async (worker: number) => {
      for (let n = 0; writing; n++) {
        const res = await fetch(`${server!.origin}/api/posts/${posts[n % posts.length]}/comments`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ body: `Comment ${n} from writer ${worker}` }),
        });
        expect(res.status).toBe(201);
        acknowledged++;
      }
    };
    const writers = Array.from({ length: 4 }, (_, i) => writer(i));
    const until = async (count: number) => {
      while (acknowledged < count) await new Promise((resolve) => setTimeout(resolve, 5));
    };

    await until(10);
    const backedUp = await tool('backup', [backupFile], live);
    expect(backedUp.stderr).toBe('');
    expect(backedUp.code).toBe(0);
    expect(backedUp.stdout).toMatch(/^Backed up .*live\.db to .*backup\.db: [\d.]+ kB, schema version \d+, \d+ comments \(\d+ published\)\.$/m);

    // Comments keep coming after the backup, so it holds only a part of them. Meanwhile the server
    // holds the database open: restoring is refused and changes nothing.
    const [whileServing] = await Promise.all([tool('restore', [backupFile, '--yes'], live), until(acknowledged + 10)]);
    expectRefused(whileServing, /^Stop the server first \(.*live\.db is open in another process/);
    expect((await readdir(folder)).filter((name) => !name.startsWith('live.db'))).toEqual(['backup.db']);

    writing = false;
    await Promise.all(writers);
    await server.stop();
    server = undefined;

    // The test reads the live file only once the restore is done: a connection this process had
    // opened would hold it until garbage-collected, and the restore would rightly refuse.
    const restored = await tool('restore', [backupFile, '--yes'], live);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const keptAs = /kept as (\S+);/.exec(restored.stdout)?.[1];
    expect(keptAs).toMatch(/\/live\.before-restore-\d{8}T\d{6}Z\.db$/);
    expect((await readdir(folder)).sort()).toEqual(['backup.db', basename(keptAs!), 'live.db']);

    // The database the restore replaced is kept whole: every acknowledged comment is in it.
    const latest = (await loadMigrations()).at(-1)!.version;
    const replaced = await withFile(keptAs!, async (db) => {
      expect(await single(db, 'PRAGMA integrity_check')).toBe('ok');
      expect(Number(await single(db, 'PRAGMA user_version'))).toBe(latest);
      return rows(db, 'SELECT * FROM comments ORDER BY id');
    });
    expect(replaced.length).toBe(acknowledged);

    const copied = await withFile(backupFile, async (db) => {
      expect(await single(db, 'PRAGMA integrity_check')).toBe('ok');
      expect(Number(await single(db, 'PRAGMA user_version'))).toBe(latest);
      // Each comment bumped its post's version in the same transaction: never one without the other.
      const versions = await rows(db, 'SELECT v.version, (SELECT count(*) FROM comments c WHERE c.post_id = v.post_id) AS comments FROM thread_versions v');
      expect(versions.length).toBe(posts.length);
      for (const row of versions) expect(row['version']).toBe(row['comments']);
      return rows(db, 'SELECT * FROM comments ORDER BY id');
    });
    // A consistent prefix: the comments up to the backup's last id, each exactly as in the database it was taken from.
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.length).toBeLessThan(replaced.length);
    const lastId = Number(copied.at(-1)!['id']);
    expect(copied).toEqual(replaced.filter((row) => Number(row['id']) <= lastId));

    // The live database is now the backup, and the server's own way in opens it.
    await withFile(live, async (db) => {
      expect(await single(db, 'PRAGMA integrity_check')).toBe('ok');
      expect(await rows(db, 'SELECT count(*) AS n, max(id) AS last FROM comments')).toEqual([{ n: copied.length, last: lastId }]);
    });
    const reopened = await openDatabase({ url: `file:${live}` });
    expect(Number(await single(reopened, 'SELECT count(*) FROM comments'))).toBe(copied.length);
    reopened.close();
  });

  it('backup refuses an existing file unless --force, and takes a relative name from where it was started', async () => {
    const { folder, live } = await fixture('existing-target');
    const env = { DATABASE_URL: `file:${live}`, INIT_CWD: folder };
    await writeFile(join(folder, 'taken.db'), 'an earlier file');
    const state = await folderState(folder);
    await expectUsageError(backup('taken.db', { force: false, env }), /taken\.db already exists: choose another name, or add --force/);
    expect(await folderState(folder)).toEqual(state);

    expect(await backup('taken.db', { force: true, env })).toMatch(/to .*\/existing-target\/taken\.db: .* 5 comments \(5 published\)\.$/);
    await withFile(join(folder, 'taken.db'), async (db) => expect(Number(await single(db, 'SELECT count(*) FROM comments'))).toBe(5));
    expect((await readdir(folder)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it.each([
    {
      name: 'damaged pages',
      message: /is damaged \(.*\): not restored\. Nothing was changed\./,
      spoil: async (path: string) => {
        const file = await open(path, 'r+');
        await file.write(Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, 2 * 4096);
        await file.close();
      },
    },
    { name: 'not a database', message: /is damaged \(.*not a database\)/, spoil: (path: string) => writeFile(path, 'garbage '.repeat(1000)) },
    { name: 'a newer schema', message: /has schema version 999, newer than this version of Befriend knows \(\d+\)/, spoil: (path: string) => withFile(path, (db) => db.execute('PRAGMA user_version = 999')) },
    { name: 'no comments table', message: /has no comments table: it is not a Befriend database/, spoil: (path: string) => withFile(path, (db) => db.execute('DROP TABLE comments')) },
    // A trigger that copies the text of the next comment to be erased into a table of its own.
    {
      name: 'a planted trigger and its table',
      message: /is not as Befriend makes its databases \(schema version \d+\): a table "kept" that Befriend never makes; a trigger "keep_erased_text" that Befriend never makes\. A trigger, view or table added to a backup could copy or keep text that is erased later: restore a backup made by npm run backup\. Not restored\. Nothing was changed\./,
      spoil: (path: string) =>
        withFile(path, async (db) => {
          await db.execute('CREATE TABLE kept (body TEXT)');
          await db.execute('CREATE TRIGGER keep_erased_text BEFORE UPDATE OF body_source ON comments BEGIN INSERT INTO kept (body) VALUES (old.body_source); END');
        }),
    },
    {
      name: 'a trigger into a table Befriend has',
      message: /: a trigger "keep_in_settings" that Befriend never makes\. .*Nothing was changed\./,
      spoil: (path: string) => withFile(path, (db) => db.execute("CREATE TRIGGER keep_in_settings AFTER UPDATE ON comments BEGIN INSERT INTO settings (key, value) VALUES ('kept:' || old.id, old.body_html); END")),
    },
    { name: 'a view', message: /: a view "all_text" that Befriend never makes\. .*Nothing was changed\./, spoil: (path: string) => withFile(path, (db) => db.execute('CREATE VIEW all_text AS SELECT body_source FROM comments')) },
    { name: 'an index of its own', message: /: an? index "comments_by_body" that Befriend never makes\. .*Nothing was changed\./, spoil: (path: string) => withFile(path, (db) => db.execute('CREATE INDEX comments_by_body ON comments (body_source)')) },
    { name: 'a changed table', message: /: the table "reports" changed\. .*Nothing was changed\./, spoil: (path: string) => withFile(path, (db) => db.execute('ALTER TABLE reports ADD COLUMN address TEXT')) },
  ])('restore refuses a backup with $name and changes nothing', async ({ name, message, spoil }) => {
    const { folder, live, backupFile } = await fixture(`spoilt-${name.replaceAll(' ', '-')}`);
    await spoil(backupFile);
    const state = await folderState(folder);
    await expectUsageError(restore(backupFile, { yes: true, env: { DATABASE_URL: `file:${live}` }, now: new Date() }), message);
    expect(await folderState(folder)).toEqual(state);
  });

  it.each([
    { name: 'an idle connection', hold: async (db: Client) => void (await db.execute('SELECT count(*) FROM comments')) },
    { name: 'an open write transaction', hold: async (db: Client) => void (await (await db.transaction('write')).execute("DELETE FROM settings WHERE key = 'none'")) },
  ])('restore refuses while another connection holds $name, and changes nothing', async ({ name, hold }) => {
    const { folder, live, backupFile } = await fixture(`in-use-${name.replaceAll(' ', '-')}`);
    const db = await openDatabase({ url: `file:${live}` });
    try {
      await hold(db);
      const state = await folderState(folder);
      await expectUsageError(restore(backupFile, { yes: true, env: { DATABASE_URL: `file:${live}` }, now: new Date() }), /^Stop the server first/);
      expect(await folderState(folder)).toEqual(state);
    } finally {
      db.close();
    }
  });

  it('restore asks first, and without a terminal refuses unless --yes', async () => {
    const { folder, live, backupFile } = await fixture('no-terminal');
    const state = await folderState(folder);
    expectRefused(await tool('restore', [backupFile], live), /run this on a terminal to be asked first, or add --yes\. Nothing was changed\./);
    expect(await folderState(folder)).toEqual(state);
  });

  it('backup writes a copy and a folder only their owner can read, whatever the umask', async () => {
    const { folder, live } = await fixture('modes-backup');
    const umask = process.umask(0);
    let run: ToolRun;
    try {
      run = await tool('backup', ['made/backup.db'], live, folder);
    } finally {
      process.umask(umask);
    }
    expect(run.stderr).toBe('');
    expect(await modeOf(join(folder, 'made'))).toBe('700');
    expect(await modeOf(join(folder, 'made', 'backup.db'))).toBe('600');
  });

  it('restore leaves the restored database and the one it replaced readable by their owner alone, whatever the umask', async () => {
    const { folder, live, backupFile } = await fixture('modes-restore');
    // A database and a backup from before, readable by all.
    await chmod(live, 0o644);
    await chmod(backupFile, 0o644);
    const umask = process.umask(0);
    let report: string;
    try {
      report = await restore(backupFile, { yes: true, env: { DATABASE_URL: `file:${live}` }, now: new Date() });
    } finally {
      process.umask(umask);
    }
    const keptAs = /kept as (\S+);/.exec(report)![1]!;
    expect(await modeOf(live)).toBe('600');
    expect(await modeOf(keptAs)).toBe('600');
    expect((await readdir(folder)).sort()).toEqual(['backup.db', basename(keptAs), 'live.db']);
  });

  it('restore puts a backup in place where there was no database yet', async () => {
    const { folder, backupFile } = await fixture('fresh');
    const live = join(folder, 'new', 'live.db');
    await copyFile(backupFile, join(folder, 'copy.db'));
    const report = await restore('copy.db', { yes: true, env: { DATABASE_URL: `file:${live}`, INIT_CWD: folder }, now: new Date() });
    expect(report).toBe(`Restored ${join(folder, 'copy.db')} as ${live}: schema version ${(await loadMigrations()).at(-1)!.version}, 5 comments (5 published).`);
    expect(await readdir(join(folder, 'new'))).toEqual(['live.db']);
    await withFile(live, async (db) => expect(Number(await single(db, 'SELECT count(*) FROM comments'))).toBe(5));
  });
});
