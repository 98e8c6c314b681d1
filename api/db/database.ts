// Opens the libSQL database (an embedded file by default, or a libSQL server) and brings its
// schema up to date with the numbered SQL files in migrations/.
import { createClient, type Client } from '@libsql/client';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readsOwnWritesFetch } from './replica.ts';
import { secureDelete, wipeFreePages } from './erasure.ts';
import { makeOwnFolder, ownDatabaseFile } from './file-modes.ts';

export type Database = Client;

export interface DatabaseOptions {
  url: string;
  authToken?: string | undefined;
  /** For an embedded replica: the primary to sync from. */
  syncUrl?: string | undefined;
}

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/**
 * Splits a migration file into statements: `--` comments are dropped, and each statement ends
 * with `;` at the end of a line (so migrations must not put `--` or `;` inside string literals).
 */
export function splitStatements(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, '')
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter(Boolean);
}

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}-[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file, i) => {
      const version = Number(file.slice(0, 4));
      if (version !== i + 1) throw new Error(`Migration ${file} is out of sequence: expected number ${i + 1}.`);
      return { version, name: file, statements: splitStatements(await readFile(join(dir, file), 'utf8')) };
    }),
  );
}

export async function schemaVersion(db: Database): Promise<number> {
  const result = await db.execute('PRAGMA user_version');
  return Number(result.rows[0]?.[0] ?? 0);
}

/**
 * Applies the migrations the database lacks, each in one write transaction with its version.
 * Several processes may start at once: a migration another process applied first is skipped.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<number> {
  const all = migrations ?? (await loadMigrations());
  const latest = all.at(-1)?.version ?? 0;
  let current = await schemaVersion(db);
  if (current > latest) {
    throw new Error(`The database's schema is version ${current}, newer than this version of Befriend knows (${latest}). Upgrade Befriend, or restore a backup made by this version.`);
  }
  for (const migration of all.filter((m) => m.version > current)) {
    try {
      await db.batch([...migration.statements, `PRAGMA user_version = ${migration.version}`], 'write');
    } catch (error) {
      // Another process may have applied it between our check and our write.
      if ((await schemaVersion(db)) >= migration.version) continue;
      throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
    }
    current = migration.version;
  }
  return current;
}

/** Opens (creating the folder of a file database) and migrates. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (/^(file:)?:memory:/.test(options.url)) {
    // The client pools connections: each would get its own empty in-memory database.
    throw new Error('An in-memory database cannot hold the comments: use a file (DATABASE_URL=file:data/befriend.db) or a libSQL server.');
  }
  const path = options.url.startsWith('file:') ? options.url.slice('file:'.length).split('?')[0]! : '';
  // A database file on this machine, written here (not an embedded replica of a server).
  const localFile = path !== '' && !options.syncUrl;
  if (path) await makeOwnFolder(dirname(path));
  if (localFile) await ownDatabaseFile(path);
  const db = createClient({
    url: options.url,
    ...(options.authToken ? { authToken: options.authToken } : {}),
    // An embedded replica pulls the primary's changes every second: a thread written through
    // another process shows here within that second (its own writes show at once).
    ...(options.syncUrl ? { syncUrl: options.syncUrl, syncInterval: 1 } : {}),
    // Busy timeout for every pooled connection of a file database.
    timeout: 5000,
    // A libSQL server may be a read replica: reads wait for this process's writes (replica.ts).
    ...(options.url.startsWith('file:') ? {} : { fetch: readsOwnWritesFetch() }),
    // One connection, so the PRAGMA below reaches every connection this client writes on. Its
    // calls run one at a time on this thread anyway.
    ...(localFile ? { concurrency: 1 } : {}),
  });
  if (localFile) {
    // WAL persists in the file: readers never wait for a writer, several processes can share it.
    // synchronous stays at libSQL's default, FULL: an acknowledged write survives a crash.
    await db.execute('PRAGMA journal_mode = WAL');
    await db.execute(secureDelete);
  }
  if (options.syncUrl) {
    await db.sync();
    // An embedded replica's files are made by libSQL: made the owner's once they exist.
    if (path) await ownDatabaseFile(path);
  }
  const before = localFile ? await schemaVersion(db) : 0;
  await migrate(db);
  // Versions before 4 left what they deleted in free pages: wiped once, on the way up.
  if (before > 0 && before < 4) {
    await wipeFreePages(db).catch((error: Error) => console.warn(`Could not wipe the database's free pages after the upgrade (${error.message}): text erased before it may stay in them until the next VACUUM.`));
  }
  return db;
}
