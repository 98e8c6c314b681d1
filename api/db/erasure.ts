// Erased text must leave the file's bytes, not only its rows. SQLite keeps the old bytes of an
// updated or deleted row in the page's free space and in free pages unless secure_delete is on
// for the connection that writes, and keeps whole old pages in the write-ahead log until a
// checkpoint empties it. Applies to a database file on this machine; a libSQL server keeps its
// own storage.
import type { Client } from '@libsql/client';

/** Zeroes what a write frees. Sent first in a write batch, it reaches the connection that runs the batch. */
export const secureDelete = 'PRAGMA secure_delete = ON';

/**
 * Copies the write-ahead log into the file and truncates it to nothing, so that no old copy of an
 * erased row stays in it. A reader on an older snapshot blocks this for up to the connection's
 * busy timeout; it is tried again a few times. Resolves false if the log could not be emptied.
 */
export async function truncateWal(db: Client, attempts = 3, pauseMs = 100): Promise<boolean> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const row = (await db.execute('PRAGMA wal_checkpoint(TRUNCATE)')).rows[0];
    if (Number(row?.[0]) === 0) return true;
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return false;
}

/**
 * Rewrites the whole file from its live rows, then empties the log: free pages left by a version
 * that did not zero them, and whatever they held, are gone.
 */
export async function wipeFreePages(db: Client): Promise<boolean> {
  await db.execute('VACUUM');
  return truncateWal(db);
}
