// Opens the libSQL database (an embedded file by default, or a libSQL server) and brings its
// schema up to date with the numbered SQL files in migrations/.
import { createClient, type Client } from '@libsql/client';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readsOwnWritesFetch } from './replica.ts';

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
  if (options.url.startsWith('file:')) {
    const path = options.url.slice('file:'.length).split('?')[0]!;
    if (path) await mkdir(dirname(path), { recursive: true });
  }
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
  });
  if (options.url.startsWith('file:') && !options.syncUrl) {
    // WAL persists in the file: readers never wait for a writer, several processes can share it.
    // synchronous stays at libSQL's default, FULL: an acknowledged write survives a crash.
    await db.execute('PRAGMA journal_mode = WAL');
  }
  if (options.syncUrl) await db.sync();
  await migrate(db);
  return db;
}
