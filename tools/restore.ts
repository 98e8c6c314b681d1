// npm run restore -- <file> [--yes]: puts a backup (npm run backup) in place of the live comments
// database. The backup is checked before anything is touched; the database it replaces is kept.
import { createClient } from '@libsql/client';
import { constants, copyFile, link, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { pathToFileURL } from 'node:url';
import { loadMigrations } from '../api/db/database.ts';
import { makeOwnFolder, ownFile } from '../api/db/file-modes.ts';
import { argumentPath, describeComments, fileExists, inspectDatabaseFile, liveDatabase, partialName, runFileCommand, syncFile, syncFolder, UsageError } from './backup.ts';
import { forgetSourcesIn, schemaDifferences } from './database-copy.ts';

export const usage = `Replace the comments database with a backup made by npm run backup.

  npm run restore -- <file> [--yes]

The backup is checked first: its integrity, its schema version (an older one is brought up to
date when the server starts), its comments table, and that it holds only the tables and indexes
Befriend makes (no trigger, view or table of anyone else's). The server must be stopped. The database
it replaces is kept beside it as <name>.before-restore-<time>.db, so a restore can be undone by
restoring that file. Asks before replacing anything, unless --yes.
The database is DATABASE_URL (default file:data/befriend.db, relative to the project).`;

/** `data/befriend.db` -> `data/befriend.before-restore-20261101T093000Z.db` */
function beforeRestoreName(path: string, now: Date): string {
  const extension = extname(path);
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return join(dirname(path), `${basename(path, extension)}.before-restore-${stamp}${extension || '.db'}`);
}

/** A database's companions: its write-ahead log and its index, or its rollback journal. */
async function removeCompanions(path: string): Promise<void> {
  await Promise.all(['-wal', '-shm', '-journal'].map((suffix) => rm(path + suffix, { force: true })));
}

/**
 * Makes sure nothing else has the live database open, and leaves its file whole: the write-ahead
 * log folded in, in rollback-journal mode. Leaving WAL mode needs every other connection closed
 * (each holds a shared lock on the file, even idle), so it is also the check that the server is
 * stopped. The server puts the file back in WAL mode when it starts.
 */
async function takeOver(path: string): Promise<void> {
  const inUse = new UsageError(`Stop the server first (${path} is open in another process: the server, or a command using it). Nothing was changed.`);
  const db = createClient({ url: `file:${path}`, concurrency: 1, timeout: 500 });
  try {
    const mode = (await db.execute('PRAGMA journal_mode = DELETE')).rows[0]?.[0];
    if (mode !== 'delete') throw inUse;
    // A file that was not in WAL mode: at least nobody may be writing to it.
    await db.executeMultiple('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw inUse;
    throw new UsageError(
      `${path} cannot be opened to check that nothing uses it (${(error as Error).message}). With the server stopped, move it aside with its -wal and -shm files, and restore again. Nothing was changed.`,
    );
  } finally {
    db.close();
  }
}

/** Keeps the replaced database under another name: a second link to it, or else a copy. */
async function keep(path: string, keptAs: string): Promise<void> {
  try {
    await link(path, keptAs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${keptAs} already exists: run the restore again in a second. Nothing was changed.`);
    await copyFile(path, keptAs, constants.COPYFILE_EXCL);
    await syncFile(keptAs);
  }
  await ownFile(keptAs);
}

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

export async function restore(file: string, options: { yes: boolean; env: Record<string, string | undefined>; now: Date }): Promise<string> {
  const live = liveDatabase(options.env);
  if (!live.path) {
    throw new UsageError(
      `DATABASE_URL is a libSQL server (${live.url}): restore it where it runs, with the server's own tools ` +
        '(on Turso: point-in-time recovery, or load a dump into a new database with turso db shell <database> < dump.sql).',
    );
  }
  if (live.syncUrl) throw new UsageError(`${live.path} is an embedded replica of ${live.syncUrl} (DATABASE_SYNC_URL): it follows the primary; restore the primary instead.`);

  const source = argumentPath(file, options.env);
  const found = await stat(source).catch(() => undefined);
  if (!found) throw new UsageError(`There is no file ${source}.`);
  if (!found.isFile()) throw new UsageError(`${source} is not a file.`);
  if (source === live.path) throw new UsageError(`${source} is the live database itself.`);
  if ((await stat(`${source}-wal`).catch(() => undefined))?.size) {
    throw new UsageError(`${source} has a write-ahead log beside it: it is a database in use, not a backup. Make a backup of it with npm run backup, and restore that.`);
  }
  if (!options.yes && !process.stdin.isTTY) {
    throw new UsageError('Restoring replaces the live database: run this on a terminal to be asked first, or add --yes. Nothing was changed.');
  }

  const latest = (await loadMigrations()).at(-1)?.version ?? 0;
  await makeOwnFolder(dirname(live.path));
  // The backup is checked as a copy beside the live file (the original is never opened), and that
  // copy, flushed, is what takes the live file's name.
  const staged = partialName(live.path, 'restoring');
  try {
    await copyFile(source, staged);
    await syncFile(staged);
    const summary = await inspectDatabaseFile(staged);
    await removeCompanions(staged);
    if (summary.problems.length) {
      throw new UsageError(`${source} is damaged (${summary.problems.slice(0, 3).join('; ')}): not restored. Nothing was changed.`);
    }
    if (summary.schemaVersion > latest) {
      throw new UsageError(
        `${source} has schema version ${summary.schemaVersion}, newer than this version of Befriend knows (${latest}): restore it with the version that made it. Nothing was changed.`,
      );
    }
    if (!summary.hasComments) throw new UsageError(`${source} has no comments table: it is not a Befriend database. Nothing was changed.`);
    const differences = await schemaDifferences(staged, summary.schemaVersion);
    if (differences.length) {
      throw new UsageError(
        `${source} is not as Befriend makes its databases (schema version ${summary.schemaVersion}): ${differences.join('; ')}. ` +
          'A trigger, view or table added to a backup could copy or keep text that is erased later: restore a backup made by npm run backup. Not restored. Nothing was changed.',
      );
    }
    // Nothing it carries may link a reader to an address (a backup made by npm run backup carries none).
    await forgetSourcesIn(staged);
    await ownFile(staged);
    await syncFile(staged);

    const keptAs = (await fileExists(live.path)) ? beforeRestoreName(live.path, options.now) : undefined;
    const described = `schema version ${summary.schemaVersion}, ${describeComments(summary)}`;
    if (!options.yes) {
      const question = `Replace ${live.path} with ${source} (${described})?${keptAs ? `\nThe current database will be kept as ${keptAs}.` : ''} [y/N] `;
      if (!(await confirm(question))) throw new UsageError('Not restored. Nothing was changed.');
    }

    if (keptAs) {
      await takeOver(live.path);
      await keep(live.path, keptAs);
    }
    // A log left beside the live file would be replayed into the restored one.
    await removeCompanions(live.path);
    await rename(staged, live.path);
    await syncFolder(dirname(live.path));

    const lines = [`Restored ${source} as ${live.path}: ${described}.`];
    if (summary.schemaVersion < latest) lines.push(`The server brings it up to schema version ${latest} when it starts.`);
    if (keptAs) lines.push(`The database it replaced is kept as ${keptAs}; to undo, restore that file.`);
    return lines.join('\n');
  } finally {
    await rm(staged, { force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFileCommand({ usage, flag: 'yes', missing: 'Which backup? Give the name of its file.', run: (file, yes) => restore(file, { yes, env: process.env, now: new Date() }) });
}
