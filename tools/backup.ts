// npm run backup -- <file> [--force]: a consistent copy of the comments database, made with
// VACUUM INTO while the server keeps running. npm run restore (tools/restore.ts) puts one back.
import { createClient } from '@libsql/client';
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../api/db/database.ts';
import { makeOwnFolder, ownerOnlyFile, ownFile } from '../api/db/file-modes.ts';
import { parseEnv, resolveDatabaseUrl } from '../server/env.ts';
import { forgetSourcesIn } from './database-copy.ts';

export const usage = `Copy the comments database to a file, safely while the server runs.

  npm run backup -- <file> [--force]

The copy is consistent (one transaction's view), checked, readable by its owner alone, and
written under a temporary name until it is complete. It carries no source keys, rate-limit
counters or daily nonces: nothing in it links a reader to an address. An existing <file> is replaced only with --force. A relative <file> is
relative to the folder the command was started in.
The database is DATABASE_URL (default file:data/befriend.db, relative to the project); only a
file database can be copied this way. Put a copy back with: npm run restore -- <file>`;

/** A refusal or a mistake in how the command was called: its message is all the user needs. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface LiveDatabase {
  url: string;
  syncUrl: string | undefined;
  /** The database file, when DATABASE_URL is a file: URL. */
  path: string | undefined;
}

/** The database the server uses, from DATABASE_URL and DATABASE_SYNC_URL. */
export function liveDatabase(env: Record<string, string | undefined>): LiveDatabase {
  let parsed;
  try {
    parsed = parseEnv({ DATABASE_URL: env['DATABASE_URL'], DATABASE_SYNC_URL: env['DATABASE_SYNC_URL'] });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const url = resolveDatabaseUrl(parsed.databaseUrl);
  const path = url.startsWith('file:') ? resolve(url.slice('file:'.length).split('?')[0]!) : undefined;
  return { url, syncUrl: parsed.databaseSyncUrl, path };
}

/** A file named on the command line: npm runs scripts in the project, so relative to where npm was started. */
export function argumentPath(file: string, env: Record<string, string | undefined> = process.env): string {
  return resolve(env['INIT_CWD'] ?? process.cwd(), file);
}

export async function fileExists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** Flushes a file's contents to the disk. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (a rename) to the disk, where the platform can. */
export async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r').catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // Some platforms cannot open or sync a folder; the rename itself is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** A hidden name beside `path`, for a file that gets its final name only once it is complete. */
export function partialName(path: string, purpose: string): string {
  return join(dirname(path), `.${basename(path)}.${purpose}-${randomBytes(4).toString('hex')}`);
}

export interface DatabaseFileSummary {
  /** PRAGMA integrity_check's findings: empty when the file is sound. */
  problems: string[];
  schemaVersion: number;
  hasComments: boolean;
  comments: number;
  commentsByStatus: Record<string, number>;
}

/**
 * Checks a database file on a connection of its own. Never point it at a live database: it opens
 * the file as it is, without migrating it.
 */
export async function inspectDatabaseFile(path: string): Promise<DatabaseFileSummary> {
  const db = createClient({ url: `file:${path}`, concurrency: 1 });
  try {
    const integrity = (await db.execute('PRAGMA integrity_check')).rows.map((row) => String(row[0]));
    const problems = integrity.length === 1 && integrity[0] === 'ok' ? [] : integrity;
    const schemaVersion = Number((await db.execute('PRAGMA user_version')).rows[0]?.[0] ?? 0);
    const hasComments = (await db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'comments'")).rows.length > 0;
    const summary = { problems, schemaVersion, hasComments, comments: 0, commentsByStatus: {} as Record<string, number> };
    if (hasComments && problems.length === 0) {
      for (const row of (await db.execute('SELECT status, count(*) AS n FROM comments GROUP BY status ORDER BY n DESC, status')).rows) {
        summary.commentsByStatus[String(row['status'])] = Number(row['n']);
        summary.comments += Number(row['n']);
      }
    }
    return summary;
  } catch (error) {
    // SQLITE_NOTADB, SQLITE_CORRUPT…: the file cannot even be read as a database.
    return { problems: [(error as Error).message], schemaVersion: 0, hasComments: false, comments: 0, commentsByStatus: {} };
  } finally {
    db.close();
  }
}

/** "1200 comments (1150 published, 50 pending)". */
export function describeComments(summary: DatabaseFileSummary): string {
  const parts = Object.entries(summary.commentsByStatus).map(([status, n]) => `${n} ${status.replaceAll('_', ' ')}`);
  return `${summary.comments} comment${summary.comments === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function describeSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'kB'] : bytes < 1e9 ? [bytes / 1e6, 'MB'] : [bytes / 1e9, 'GB'];
  return `${value.toFixed(value < 10 ? 1 : 0)} ${unit}`;
}

/**
 * Runs a command of the form `<file> [--flag]` (backup, restore): prints its report, or its
 * refusal without a stack trace (exit code 1).
 */
export async function runFileCommand(command: { usage: string; flag: string; missing: string; run: (file: string, flag: boolean) => Promise<string> }): Promise<void> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: process.argv.slice(2),
        allowPositionals: true,
        options: { [command.flag]: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      });
      if (!parsed.values['help'] && parsed.positionals.length !== 1) throw new Error(parsed.positionals.length ? 'Give one file name.' : command.missing);
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\n\n${command.usage}`);
    }
    const { values, positionals } = parsed;
    console.log(values['help'] ? command.usage : await command.run(positionals[0]!, values[command.flag] === true));
  } catch (error) {
    // A stack trace only for what is not the user's doing.
    console.error(error instanceof UsageError ? error.message : error);
    process.exitCode = 1;
  }
}

export async function backup(file: string, options: { force: boolean; env: Record<string, string | undefined> }): Promise<string> {
  const live = liveDatabase(options.env);
  if (!live.path) {
    throw new UsageError(
      `DATABASE_URL is a libSQL server (${live.url}): back it up where it runs, with the server's own tools ` +
        '(on Turso: point-in-time recovery, or turso db shell <database> .dump > dump.sql). ' +
        'This command copies a local file only; VACUUM INTO sent over the network would run on the server and write there, not here.',
    );
  }
  if (live.syncUrl) {
    throw new UsageError(`${live.path} is an embedded replica of ${live.syncUrl} (DATABASE_SYNC_URL): back up the primary with its server's own tools.`);
  }
  if (!(await fileExists(live.path))) throw new UsageError(`There is no database at ${live.path} (DATABASE_URL): nothing to back up.`);

  const target = argumentPath(file, options.env);
  if (target === live.path) throw new UsageError(`${target} is the live database itself: choose another file.`);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${target} is a folder: give the backup a file name, e.g. ${join(file, 'befriend.db')}`);
  if (existing && !options.force) throw new UsageError(`${target} already exists: choose another name, or add --force to replace it.`);

  await makeOwnFolder(dirname(target));
  // Written under a hidden name and renamed when complete: a half-written copy never has the final name.
  const partial = partialName(target, 'partial');
  // Made empty and the owner's first: VACUUM INTO writes into it and keeps its mode.
  await writeFile(partial, '', { flag: 'wx', mode: ownerOnlyFile });
  await ownFile(partial);
  const db = await openDatabase({ url: live.url }).catch((error: Error) => {
    throw new UsageError(`Cannot open the database: ${error.message}`);
  });
  try {
    await db.execute({ sql: 'VACUUM INTO ?', args: [partial] });
    await forgetSourcesIn(partial);
    const summary = await inspectDatabaseFile(partial);
    if (summary.problems.length) throw new Error(`The copy failed its integrity check: ${summary.problems.slice(0, 3).join('; ')}`);
    // SQLite promises nothing about VACUUM INTO's output after a power loss: flush it before it gets its name.
    await syncFile(partial);
    await rename(partial, target);
    await syncFolder(dirname(target));
    const { size } = await stat(target);
    return `Backed up ${live.path} to ${target}: ${describeSize(size)}, schema version ${summary.schemaVersion}, ${describeComments(summary)}.`;
  } finally {
    db.close();
    await rm(partial, { force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFileCommand({ usage, flag: 'force', missing: 'Where to? Give the name of the backup file.', run: (file, force) => backup(file, { force, env: process.env }) });
}
