// Following replies without an identity. A writer proves with a comment's removal key that it is
// theirs and is given a follow token for it (only its hash is stored); an address made of such
// tokens and of report and request references reads replies and outcomes. Which items belong
// together is said only by the address its holder keeps, never by anything stored.
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';
import { refusalError, refusalOf } from './life-cycle.ts';
import { byItsAuthor, hashKey } from './model.ts';
import { clearFollowHashes, setFollowHash } from './store.ts';
import type { CommentStatus } from './types.ts';

/** Items one address may hold: enough for a writer's comments and reports, too few to scan with. */
export const maxFollowItems = 20;

export type FollowKind = 'comment' | 'report' | 'request';
export interface FollowItem {
  kind: FollowKind;
  /** A comment's follow token, a report's reference, or a removal request's. */
  value: string;
}

const kindOf: Record<string, FollowKind> = { c: 'comment', r: 'report', q: 'request' };
const prefixOf: Record<FollowKind, string> = { comment: 'c', report: 'r', request: 'q' };
const itemPattern = /^([crq])\.([A-Za-z0-9_-]{1,64})$/;

/**
 * An address is items joined by `~`, each `<kind>.<value>`: `c.<follow token>`,
 * `r.<report reference>`, `q.<removal request reference>`, as in `c.Xy3…~r.Ab9…`. Values are
 * base64url, and `.` and `~` are unreserved in URLs: an address is never percent-encoded. An item
 * given twice counts once; more than `maxFollowItems`, or anything else, is refused.
 */
export function parseFollowAddress(address: string): FollowItem[] {
  const parts = address.split('~');
  if (parts.length > maxFollowItems) throw new ApiError('invalid_follow_address', `A follow address holds at most ${maxFollowItems} comments, reports and requests.`);
  const items = new Map<string, FollowItem>();
  for (const part of parts) {
    const match = itemPattern.exec(part);
    if (!match) throw new ApiError('invalid_follow_address', 'This is not a follow address: check it against the one you were given.');
    items.set(part, { kind: kindOf[match[1]!]!, value: match[2]! });
  }
  return [...items.values()];
}

export function followAddress(items: readonly FollowItem[]): string {
  return items.map((item) => `${prefixOf[item.kind]}.${item.value}`).join('~');
}

/**
 * A new follow token for the comment, if `removalKey` is its key; any token it had before stops.
 * A wrong key, or a comment whose text is gone, is refused and changes nothing.
 */
export async function followComment(db: Database, writes: WriteQueue, id: number, removalKey: string): Promise<{ token: string; postId: string }> {
  const { postId } = await byItsAuthor(db, id, removalKey, 'follow');
  const token = randomBytes(24).toString('base64url');
  const [set] = await writes.write([setFollowHash(id, hashKey(token))]);
  if (!set || set.rowsAffected === 0) throw refusalError(refusalOf('follow', 'author'));
  return { token, postId };
}

/** Stops following by the given tokens; how many were still followed. */
export async function stopFollowing(writes: WriteQueue, tokens: readonly string[]): Promise<number> {
  if (tokens.length === 0) return 0;
  const [cleared] = await writes.write([clearFollowHashes(tokens.map(hashKey))]);
  return cleared?.rowsAffected ?? 0;
}

export interface FollowedComment {
  token: string;
  id: number;
  postId: string;
  status: CommentStatus;
  /** It was held for a moderator when written: its fate is news to its writer. */
  wasHeld: boolean;
  /** When its status last changed (ms). */
  changedAt: number;
  /** The reason moderators gave its writer for rejecting or removing it (a code of publicReasons). */
  publicReason: string | null;
}

export interface FollowedReference {
  kind: 'report' | 'request';
  ref: string;
  status: 'open' | 'upheld' | 'dismissed' | 'granted' | 'declined';
  decidedAt: number | null;
}

export interface Followed {
  comments: FollowedComment[];
  references: FollowedReference[];
  /** Items that lead nowhere: wrong, or stopped (the two are not told apart). */
  missing: number;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** What the address's items lead to, in the address's order. */
export async function readFollowed(db: Database, items: readonly FollowItem[]): Promise<Followed> {
  const values = (kind: FollowKind) => items.filter((item) => item.kind === kind).map((item) => item.value);
  const tokens = values('comment');
  const byHash = new Map(tokens.map((token) => [hashKey(token), token]));
  const comments = new Map<string, FollowedComment>();
  if (tokens.length > 0) {
    const result = await db.execute({ sql: `SELECT id, post_id, status, held_reason, updated_at, follow_hash, public_reason FROM comments WHERE follow_hash IN (${placeholders(tokens.length)})`, args: [...byHash.keys()] });
    for (const row of result.rows) {
      const token = byHash.get(String(row['follow_hash']))!;
      comments.set(token, { token, id: Number(row['id']), postId: String(row['post_id']), status: String(row['status']) as CommentStatus, wasHeld: row['held_reason'] !== null, changedAt: Number(row['updated_at']), publicReason: row['public_reason'] === null ? null : String(row['public_reason']) });
    }
  }
  const references = new Map<string, FollowedReference>();
  for (const [kind, table] of [['report', 'reports'], ['request', 'removal_requests']] as const) {
    const refs = values(kind);
    if (refs.length === 0) continue;
    const result = await db.execute({ sql: `SELECT id, status, decided_at FROM ${table} WHERE id IN (${placeholders(refs.length)})`, args: refs });
    for (const row of result.rows) {
      const ref = String(row['id']);
      references.set(`${kind}:${ref}`, { kind, ref, status: String(row['status']) as FollowedReference['status'], decidedAt: row['decided_at'] === null ? null : Number(row['decided_at']) });
    }
  }
  const found = {
    comments: tokens.flatMap((token) => comments.get(token) ?? []),
    references: items.flatMap((item) => (item.kind === 'comment' ? [] : (references.get(`${item.kind}:${item.value}`) ?? []))),
  };
  return { ...found, missing: items.length - found.comments.length - found.references.length };
}

/** Which kind of reference a reader pasted: a report's, a removal request's, or neither. */
export async function referenceKind(db: Database, ref: string): Promise<'report' | 'request' | undefined> {
  if ((await db.execute({ sql: 'SELECT 1 FROM reports WHERE id = ?', args: [ref] })).rows.length > 0) return 'report';
  if ((await db.execute({ sql: 'SELECT 1 FROM removal_requests WHERE id = ?', args: [ref] })).rows.length > 0) return 'request';
  return undefined;
}
