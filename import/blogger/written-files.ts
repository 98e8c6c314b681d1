// What the import wrote, file by file: content/.blogger-import.json keeps each file's path and a
// hash of the text the import put there. A later import can then tell a file changed here since
// (left as it is: the editor's work wins) from one nobody has touched, which it brings up to date
// when the post changed on Blogger. Without the record (lost, unreadable, or a file from before it
// existed) every file that differs from the export counts as changed here: nothing is overwritten.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export interface WrittenFiles {
  /** The file holds exactly what the import last wrote there. */
  asWritten(file: string, text: string): boolean;
  /** This import writes this text to the file (or found it there already). */
  wrote(file: string, text: string): void;
  /** Keeps the record (after the files are in place). */
  save(): Promise<void>;
}

interface Record {
  version: 1;
  files: { [path: string]: string };
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

export async function openWrittenFiles(contentDir: string): Promise<WrittenFiles> {
  const path = join(contentDir, '.blogger-import.json');
  const files = new Map<string, string>();
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as Partial<Record>;
    for (const [file, digest] of Object.entries(record.version === 1 ? (record.files ?? {}) : {})) if (typeof digest === 'string') files.set(file, digest);
  } catch {
    // None yet, or unreadable: no file counts as untouched.
  }
  const key = (file: string) => relative(contentDir, file).split(sep).join('/');
  return {
    asWritten: (file, text) => files.get(key(file)) === hash(text),
    wrote: (file, text) => void files.set(key(file), hash(text)),
    async save() {
      const record: Record = { version: 1, files: Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1))) };
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temporary, `${JSON.stringify(record, null, 1)}\n`);
      await rename(temporary, path);
    },
  };
}
