// Every version of a post the desk saved (who, when, the whole file), and each editor's unsaved
// work. Written through the board's write queue; removing a post at its author's request erases
// both, from the file's bytes too (the queue's `erases`).
import type { InStatement } from '@libsql/client';
import type { Database } from '../api/db/database.ts';
import type { WriteQueue } from '../api/db/write-queue.ts';
import type { Actor } from '../moderation/queue.ts';

export interface PostVersion {
  id: number;
  postId: string;
  savedAt: number;
  /** Who saved it; "on disk" for a version found in the file, written by hand. */
  accountName: string;
  action: string;
  source: string;
}

export interface Autosave {
  savedAt: number;
  baseVersion: string | undefined;
  fields: Record<string, unknown>;
}

const versionColumns = 'id, post_id, saved_at, account_name, action, source';

const toVersion = (row: Record<string, unknown>): PostVersion => ({
  id: Number(row['id']),
  postId: String(row['post_id']),
  savedAt: Number(row['saved_at']),
  accountName: String(row['account_name']),
  action: String(row['action']),
  source: String(row['source']),
});

/** Keeps a version: `actor` undefined for one found on disk. */
export function versionStatement(postId: string, source: string, action: string, actor: Actor | undefined, now: number): InStatement {
  return {
    sql: 'INSERT INTO post_versions (post_id, saved_at, account_id, account_name, action, source) VALUES (?, ?, ?, ?, ?, ?)',
    args: [postId, now, actor?.id ?? null, actor?.name ?? 'on disk', action, source],
  };
}

/** Newest first, without their text. */
export async function versionsOf(db: Database, postId: string, limit = 100): Promise<Omit<PostVersion, 'source'>[]> {
  const result = await db.execute({ sql: `SELECT ${versionColumns} FROM post_versions WHERE post_id = ? ORDER BY id DESC LIMIT ?`, args: [postId, limit] });
  return result.rows.map((row) => {
    const { source: _source, ...rest } = toVersion(row as Record<string, unknown>);
    return rest;
  });
}

export async function versionById(db: Database, postId: string, id: number): Promise<PostVersion | undefined> {
  const row = (await db.execute({ sql: `SELECT ${versionColumns} FROM post_versions WHERE post_id = ? AND id = ?`, args: [postId, id] })).rows[0];
  return row ? toVersion(row as Record<string, unknown>) : undefined;
}

/** The newest version's text, to tell whether the file was changed by hand since. */
export async function latestSource(db: Database, postId: string): Promise<string | undefined> {
  const row = (await db.execute({ sql: 'SELECT source FROM post_versions WHERE post_id = ? ORDER BY id DESC LIMIT 1', args: [postId] })).rows[0];
  return row ? String(row['source']) : undefined;
}

export function autosaveStatement(draftKey: string, accountId: number, baseVersion: string | undefined, fields: Record<string, unknown>, now: number): InStatement {
  return {
    sql: `INSERT INTO post_autosaves (draft_key, account_id, saved_at, base_version, fields) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (draft_key, account_id) DO UPDATE SET saved_at = excluded.saved_at, base_version = excluded.base_version, fields = excluded.fields`,
    args: [draftKey, accountId, now, baseVersion ?? null, JSON.stringify(fields)],
  };
}

export const dropAutosaveStatement = (draftKey: string, accountId: number): InStatement => ({ sql: 'DELETE FROM post_autosaves WHERE draft_key = ? AND account_id = ?', args: [draftKey, accountId] });

export async function autosaveOf(db: Database, draftKey: string, accountId: number): Promise<Autosave | undefined> {
  const row = (await db.execute({ sql: 'SELECT saved_at, base_version, fields FROM post_autosaves WHERE draft_key = ? AND account_id = ?', args: [draftKey, accountId] })).rows[0];
  if (!row) return undefined;
  return { savedAt: Number(row['saved_at']), baseVersion: row['base_version'] === null ? undefined : String(row['base_version']), fields: JSON.parse(String(row['fields'])) as Record<string, unknown> };
}

/** A post's unsaved work, by editor: the list says "unsaved changes" beside it. */
export async function autosavedKeys(db: Database, accountId: number): Promise<Map<string, number>> {
  const rows = (await db.execute({ sql: 'SELECT draft_key, saved_at FROM post_autosaves WHERE account_id = ?', args: [accountId] })).rows;
  return new Map(rows.map((row) => [String(row['draft_key']), Number(row['saved_at'])]));
}

/** Unsaved work is kept this long: a draft meant to last is saved as one. */
export const autosaveDays = 30;

/** Erases unsaved work older than `autosaveDays`; resolves with how many copies went. */
export async function expireAutosaves(writes: WriteQueue, now: number): Promise<number> {
  const [result] = await writes.write([{ sql: 'DELETE FROM post_autosaves WHERE saved_at < ?', args: [now - autosaveDays * 86_400_000] }], { erases: true });
  return result?.rowsAffected ?? 0;
}

/** Erases every version and every unsaved copy of a post's text: a removal at its author's request. */
export async function eraseHistory(writes: WriteQueue, postId: string, extra: InStatement[] = []): Promise<void> {
  await writes.write([{ sql: 'DELETE FROM post_versions WHERE post_id = ?', args: [postId] }, { sql: 'DELETE FROM post_autosaves WHERE draft_key = ?', args: [postId] }, ...extra], { erases: true });
}
