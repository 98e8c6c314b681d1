// The comment board's vocabulary.

export const commentStatuses = ['pending', 'published', 'rejected', 'hidden', 'removed_by_author', 'removed_by_moderator'] as const;
export type CommentStatus = (typeof commentStatuses)[number];

/** Statuses that appear in a public thread: published, or a placeholder that keeps numbering stable. */
export const visibleStatuses: readonly CommentStatus[] = ['published', 'hidden', 'removed_by_author', 'removed_by_moderator'];

export type AuthorKind = 'anonymous' | 'named' | 'staff';

export const reportReasons = ['racism', 'abuse', 'identifying', 'spam', 'other'] as const;
export type ReportReason = (typeof reportReasons)[number];

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
}

/** What the public sees of a comment: never a hash, key, source or internal state. */
export interface PublicComment {
  id: number;
  parentId: number | null;
  depth: number;
  number: string;
  author: { name: string; kind: AuthorKind } | null;
  html: string | null;
  createdAt: string;
  status: 'published' | 'hidden' | 'removed_by_author' | 'removed_by_moderator';
}

/** What the writer of a new comment is told of it: no number yet (a held comment has none). */
export interface WrittenComment {
  id: number;
  parentId: number | null;
  author: { name: string; kind: AuthorKind };
  html: string | null;
  createdAt: string;
  status: 'published' | 'pending';
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
  removalKeyHash: string;
  now: number;
}
