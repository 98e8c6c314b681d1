// The database, its write-ahead log and its backups are the owner's alone: on a shared machine no
// other account may read readers' comments, or the keys that count them for a day. Modes are set
// with chmod, so they hold whatever the umask.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const ownerOnlyFile = 0o600;
const ownerOnlyFolder = 0o700;

/** Makes a folder and its missing parents, each the owner's alone. A folder that exists is left as it is. */
export async function makeOwnFolder(path: string): Promise<void> {
  const first = await mkdir(path, { recursive: true, mode: ownerOnlyFolder });
  if (first === undefined) return;
  for (let folder = path; ; folder = dirname(folder)) {
    await chmod(folder, ownerOnlyFolder);
    if (folder === first || dirname(folder) === folder) break;
  }
}

/** Makes a file that exists the owner's alone; one that does not is skipped. */
export async function ownFile(path: string): Promise<void> {
  await chmod(path, ownerOnlyFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/**
 * Creates the database file empty if it is missing (SQLite would make it readable by all) and
 * makes it and its companions (an embedded replica's -info too) the owner's alone. SQLite gives
 * the log and index it creates later the database file's own mode.
 */
export async function ownDatabaseFile(path: string): Promise<void> {
  // Never opened if it exists: closing a descriptor of a file this process has open in SQLite
  // would drop the locks its connections hold on it.
  await writeFile(path, '', { flag: 'wx', mode: ownerOnlyFile }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await Promise.all(['', '-wal', '-shm', '-journal', '-info'].map((suffix) => ownFile(path + suffix)));
}
