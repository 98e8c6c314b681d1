// The comment board's vocabulary. What the public sees of a comment is the site's contract
// (site/lib/comments.ts), shared with the browser script; the stored row and every status stay here.
import type { AuthorKind, ReportReason } from '../../site/lib/comments.ts';

export { editWindowMs, reportReasons, type AuthorKind, type PublicComment, type ReportReason, type WrittenComment } from '../../site/lib/comments.ts';

export const commentStatuses = ['pending', 'published', 'rejected', 'hidden', 'removed_by_author', 'removed_by_moderator'] as const;
export type CommentStatus = (typeof commentStatuses)[number];

/** Statuses that appear in a public thread: published, or a placeholder that keeps numbering stable. */
export const visibleStatuses: readonly CommentStatus[] = ['published', 'hidden', 'removed_by_author', 'removed_by_moderator'];

/** A comment as stored (the row, in plain data). */
export interface StoredComment {
  id: number;
  postId: string;
  parentId: number | null;
  authorName: string | null;
  authorKind: AuthorKind;
  bodyHtml: string | null;
  status: CommentStatus;
  createdAt: number;
  /** When its author last changed its text (null: never). */
  editedAt: number | null;
  /** When a moderator last changed its text (null: never). */
  redactedAt: number | null;
}

/** A comment to store: what the writer sent, rendered and decided on. */
export interface NewComment {
  postId: string;
  parentId: number | null;
  authorName: string | null;
  authorKind: AuthorKind;
  bodySource: string;
  bodyHtml: string;
  status: 'published' | 'pending';
  heldReason: string | null;
  /** Published, but for moderators to read: why (a flagged word); it becomes an open report. */
  flaggedReason?: string | null;
  /** Its source's tag today, only when it goes to the moderators' queue (held, or flagged). */
  sourceTag?: string | null;
  removalKeyHash: string;
  now: number;
}

/**
 * Something new for the moderators' queue, as the board tells the composition (which may notify
 * them): never who wrote or reported, nor what.
 */
export type QueueEvent = { kind: 'held'; commentId: number } | { kind: 'reported'; reason: ReportReason; hiddenByReports: boolean };
