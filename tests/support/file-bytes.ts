// What a file's bytes hold, as someone who took the disk would read them.
import { spawnSync } from 'node:child_process';

const script = `
const { existsSync, readFileSync } = require('node:fs');
const { files, markers } = JSON.parse(readFileSync(0, 'utf8'));
const found = {};
for (const file of files) {
  const bytes = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
  found[file] = markers.filter((marker) => bytes.includes(Buffer.from(marker, 'utf8')));
}
process.stdout.write(JSON.stringify(found));
`;

/**
 * Which of `markers` occur anywhere in each file (a missing file holds none), read by another
 * process: closing a descriptor of a file this process has open in SQLite would drop its locks.
 */
function markersIn(files: readonly string[], markers: readonly string[]): Record<string, string[]> {
  const run = spawnSync(process.execPath, ['-e', script], { input: JSON.stringify({ files, markers }), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`Reading the files failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, string[]>;
}

/** The markers found in any of the files. */
export function foundIn(files: readonly string[], markers: readonly string[]): string[] {
  const found = markersIn(files, markers);
  return markers.filter((marker) => files.some((file) => found[file]!.includes(marker)));
}

/** A database file and its companions: the write-ahead log and its index. */
export const databaseFiles = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`];
