// The moderation queue: held comments, readers' reports, authors' removal requests and removed
// comments, as moderators read them, and the audit log of what they decided (the decisions
// themselves are the comment domain's: api/comments/decisions.ts, through ./decisions.ts).
import type { InStatement } from '@libsql/client';
import type { CommentStatus } from '../api/comments/types.ts';
import type { ReportReason } from '../site/lib/comments.ts';
import type { Database } from '../api/db/database.ts';

/** Who decided: an account (its name is copied into the audit log). */
export interface Actor {
  id: number | null;
  name: string;
}

export interface AuditEntry {
  id: number;
  at: number;
  accountName: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

/** An audit record written only if the statement just before it changed something; RETURNING its id. */
export function auditStatement(actor: Actor, entry: { action: string; targetType: string; targetId: string | number; reason?: string | null; detail?: Record<string, unknown> }, now: number, onlyIfChanged = true): InStatement {
  return {
    sql: `INSERT INTO audit_log (at, account_id, account_name, action, target_type, target_id, reason, detail)
          SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE ${onlyIfChanged ? 'changes() > 0' : '1'}
          RETURNING id`,
    args: [now, actor.id, actor.name, entry.action, entry.targetType, String(entry.targetId), entry.reason?.trim() || null, entry.detail ? JSON.stringify(entry.detail) : null],
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the queue

export interface QueueComment {
  id: number;
  postId: string;
  parentId: number | null;
  authorName: string | null;
  authorKind: string;
  bodyHtml: string | null;
  status: CommentStatus;
  heldReason: string | null;
  moderatedAt: number | null;
  moderationReason: string | null;
  createdAt: number;
  /** A moderator edited its text: who and when, and the writer's own text while it is kept. */
  redacted: { at: number; by: string | null; originalHtml: string | null } | null;
}

const columns = `c.id, c.post_id, c.parent_id, c.author_name, c.author_kind, c.body_html, c.status, c.held_reason, c.moderated_at, c.moderation_reason, c.created_at, c.redacted_at,
  (SELECT r.redacted_by FROM redactions r WHERE r.comment_id = c.id) AS redacted_by, (SELECT r.body_html FROM redactions r WHERE r.comment_id = c.id) AS original_html`;

function toQueueComment(row: Record<string, unknown>): QueueComment {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(row['id']),
    postId: String(row['post_id']),
    parentId: row['parent_id'] === null ? null : Number(row['parent_id']),
    authorName: text(row['author_name']),
    authorKind: String(row['author_kind']),
    bodyHtml: text(row['body_html']),
    status: String(row['status']) as CommentStatus,
    heldReason: text(row['held_reason']),
    moderatedAt: row['moderated_at'] === null ? null : Number(row['moderated_at']),
    moderationReason: text(row['moderation_reason']),
    createdAt: Number(row['created_at']),
    redacted: row['redacted_at'] === null || row['redacted_at'] === undefined ? null : { at: Number(row['redacted_at']), by: text(row['redacted_by']), originalHtml: text(row['original_html']) },
  };
}

export interface QueueCounts {
  held: number;
  reports: number;
  severeReports: number;
  removalRequests: number;
  removed: number;
  /** When the oldest item of each kind began waiting (ms), or null when none waits. */
  oldest: { held: number | null; reports: number | null; severeReports: number | null; removalRequests: number | null };
}

export async function queueCounts(db: Database, now: number, retentionDays: number): Promise<QueueCounts> {
  const result = await db.execute({
    sql: `SELECT
            (SELECT count(*) FROM comments WHERE status = 'pending') AS held,
            (SELECT count(DISTINCT comment_id) FROM reports WHERE status = 'open') AS reports,
            (SELECT count(DISTINCT comment_id) FROM reports WHERE status = 'open' AND reason IN ('racism', 'abuse')) AS severe,
            (SELECT count(*) FROM removal_requests WHERE status = 'open') AS requests,
            (SELECT count(*) FROM comments WHERE status = 'removed_by_moderator' AND moderated_at > ?) AS removed,
            (SELECT min(created_at) FROM comments WHERE status = 'pending') AS oldest_held,
            (SELECT min(created_at) FROM reports WHERE status = 'open') AS oldest_report,
            (SELECT min(created_at) FROM reports WHERE status = 'open' AND reason IN ('racism', 'abuse')) AS oldest_severe,
            (SELECT min(created_at) FROM removal_requests WHERE status = 'open') AS oldest_request`,
    args: [now - retentionDays * 86_400_000],
  });
  const row = result.rows[0]!;
  const at = (name: string) => (row[name] === null ? null : Number(row[name]));
  return {
    ...{ held: Number(row['held']), reports: Number(row['reports']), severeReports: Number(row['severe']), removalRequests: Number(row['requests']), removed: Number(row['removed']) },
    oldest: { held: at('oldest_held'), reports: at('oldest_report'), severeReports: at('oldest_severe'), removalRequests: at('oldest_request') },
  };
}

/** The comments a reply answers, by id, for showing held comments and reports in context. */
export async function parentsOf(db: Database, comments: readonly QueueComment[]): Promise<Map<number, QueueComment>> {
  const ids = [...new Set(comments.map((c) => c.parentId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const result = await db.execute({ sql: `SELECT ${columns} FROM comments c WHERE c.id IN (${ids.map(() => '?').join(',')})`, args: ids });
  return new Map(result.rows.map((row) => [Number(row['id']), toQueueComment(row)]));
}

/** One comment as the queue shows it, whatever its status. */
export async function queueComment(db: Database, id: number): Promise<QueueComment | undefined> {
  const row = (await db.execute({ sql: `SELECT ${columns} FROM comments c WHERE c.id = ?`, args: [id] })).rows[0];
  return row ? toQueueComment(row) : undefined;
}

/** `AND c.id IN (…)` for a list narrowed to some comments (those of one source), or nothing. */
const onlyThese = (only: readonly number[] | undefined) => (only ? { sql: ` AND c.id IN (${only.map(() => '?').join(', ') || 'NULL'})`, args: [...only] } : { sql: '', args: [] });

/** Held comments, oldest first (they have waited longest); `only`: these comments. */
export async function heldComments(db: Database, limit = 200, only?: readonly number[]): Promise<QueueComment[]> {
  const these = onlyThese(only);
  const result = await db.execute({ sql: `SELECT ${columns} FROM comments c WHERE c.status = 'pending'${these.sql} ORDER BY c.created_at, c.id LIMIT ?`, args: [...these.args, limit] });
  return result.rows.map(toQueueComment);
}

export interface ReportGroup {
  comment: QueueComment;
  /** One of the group's open reports: acting on it acts on the whole group. */
  reportId: string;
  count: number;
  severe: boolean;
  firstAt: number;
  reports: { reason: ReportReason; note: string | null; createdAt: number }[];
}

/** Open reports grouped by comment: racism and abuse first, the oldest of them first (they have a response target); then the most reported, then the oldest. `only`: on these comments. */
export async function reportGroups(db: Database, limit = 200, only?: readonly number[]): Promise<ReportGroup[]> {
  const these = onlyThese(only);
  const groups = await db.execute({
    sql: `SELECT ${columns}, g.n, g.severe, g.first_at, g.report_id
          FROM (SELECT comment_id, count(*) AS n, max(reason IN ('racism', 'abuse')) AS severe, min(created_at) AS first_at, min(id) AS report_id
                FROM reports WHERE status = 'open' GROUP BY comment_id) g
          JOIN comments c ON c.id = g.comment_id${these.sql}
          ORDER BY g.severe DESC, CASE WHEN g.severe THEN g.first_at END ASC, g.n DESC, g.first_at ASC
          LIMIT ?`,
    args: [...these.args, limit],
  });
  if (groups.rows.length === 0) return [];
  const ids = groups.rows.map((row) => Number(row['id']));
  const reports = await db.execute({
    sql: `SELECT comment_id, reason, note, created_at FROM reports WHERE status = 'open' AND comment_id IN (${ids.map(() => '?').join(',')}) ORDER BY created_at`,
    args: ids,
  });
  const byComment = new Map<number, ReportGroup['reports']>();
  for (const row of reports.rows) {
    const list = byComment.get(Number(row['comment_id'])) ?? [];
    list.push({ reason: String(row['reason']) as ReportReason, note: row['note'] === null ? null : String(row['note']), createdAt: Number(row['created_at']) });
    byComment.set(Number(row['comment_id']), list);
  }
  return groups.rows.map((row) => ({
    comment: toQueueComment(row),
    reportId: String(row['report_id']),
    count: Number(row['n']),
    severe: Number(row['severe']) > 0,
    firstAt: Number(row['first_at']),
    reports: byComment.get(Number(row['id'])) ?? [],
  }));
}

export interface RemovalRequest {
  id: string;
  note: string;
  createdAt: number;
  comment: QueueComment;
}

/** The comment a report is about, if there is such a report. */
export async function reportedComment(db: Database, reportId: string): Promise<number | undefined> {
  const row = (await db.execute({ sql: 'SELECT comment_id FROM reports WHERE id = ?', args: [reportId] })).rows[0];
  return row ? Number(row['comment_id']) : undefined;
}

export async function openRemovalRequests(db: Database, limit = 200): Promise<RemovalRequest[]> {
  const result = await db.execute({
    sql: `SELECT ${columns}, r.id AS request_id, r.note, r.created_at AS requested_at
          FROM removal_requests r JOIN comments c ON c.id = r.comment_id
          WHERE r.status = 'open' ORDER BY r.created_at LIMIT ?`,
    args: [limit],
  });
  return result.rows.map((row) => ({ id: String(row['request_id']), note: String(row['note']), createdAt: Number(row['requested_at']), comment: toQueueComment(row) }));
}

/** Comments moderators removed or rejected whose text is still kept, newest first. */
export async function removedComments(db: Database, now: number, retentionDays: number, limit = 200): Promise<QueueComment[]> {
  const result = await db.execute({
    sql: `SELECT ${columns} FROM comments c
          WHERE c.status IN ('removed_by_moderator', 'rejected') AND c.moderated_at > ? AND c.body_html IS NOT NULL
          ORDER BY c.moderated_at DESC LIMIT ?`,
    args: [now - retentionDays * 86_400_000, limit],
  });
  return result.rows.map(toQueueComment);
}

export interface AuditFilter {
  action?: string | undefined;
  account?: string | undefined;
  target?: string | undefined;
  before?: number | undefined;
  limit?: number | undefined;
}

/** The audit log, newest first, optionally filtered by action, account, target id; paged by id. */
export async function auditLog(db: Database, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.action) (where.push('action = ?'), args.push(filter.action));
  if (filter.account) (where.push('account_name = ? COLLATE NOCASE'), args.push(filter.account));
  if (filter.target) (where.push('target_id = ?'), args.push(filter.target));
  if (filter.before) (where.push('id < ?'), args.push(filter.before));
  const result = await db.execute({
    sql: `SELECT id, at, account_name, action, target_type, target_id, reason, detail FROM audit_log
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    args: [...args, filter.limit ?? 100],
  });
  return result.rows.map((row) => ({
    id: Number(row['id']),
    at: Number(row['at']),
    accountName: String(row['account_name']),
    action: String(row['action']),
    targetType: String(row['target_type']),
    targetId: String(row['target_id']),
    reason: row['reason'] === null ? null : String(row['reason']),
    detail: row['detail'] === null ? null : (JSON.parse(String(row['detail'])) as Record<string, unknown>),
  }));
}

export async function auditActions(db: Database): Promise<string[]> {
  const result = await db.execute('SELECT DISTINCT action FROM audit_log ORDER BY action');
  return result.rows.map((row) => String(row['action']));
}

export interface FeedItem {
  kind: 'held' | 'report' | 'removal';
  id: string;
  at: number;
  comment: QueueComment;
  summary: string;
}

/** New queue items, newest first, for the moderators' private feed. */
export async function queueFeedItems(db: Database, limit = 50): Promise<FeedItem[]> {
  const [held, groups, requests] = await Promise.all([heldComments(db, limit), reportGroups(db, limit), openRemovalRequests(db, limit)]);
  const items: FeedItem[] = [
    ...held.map((comment) => ({ kind: 'held' as const, id: `held-${comment.id}`, at: comment.createdAt, comment, summary: `Held: ${comment.heldReason ?? 'waiting for a moderator'}` })),
    ...groups.map((group) => ({
      kind: 'report' as const,
      id: `report-${group.reportId}`,
      at: Math.max(...group.reports.map((r) => r.createdAt), group.firstAt),
      comment: group.comment,
      summary: `Reported ${group.count === 1 ? 'once' : `${group.count} times`}: ${[...new Set(group.reports.map((r) => r.reason))].join(', ')}`,
    })),
    ...requests.map((request) => ({ kind: 'removal' as const, id: `removal-${request.id}`, at: request.createdAt, comment: request.comment, summary: 'Its author asks for its removal' })),
  ];
  return items.sort((a, b) => b.at - a.at).slice(0, limit);
}
