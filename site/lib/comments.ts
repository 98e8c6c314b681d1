// The public comment contract: what the comment API answers about a comment and what the browser
// script and the server's thread page draw from it. Never a hash, key, source or internal state;
// the stored row and its other statuses stay with the comment board (api/comments/types.ts).

export type AuthorKind = 'anonymous' | 'named' | 'staff';

/** How long after writing it an author may change a comment: the board's rule, which the script follows. */
export const editWindowMs = 15 * 60_000;

export const reportReasons = ['racism', 'abuse', 'identifying', 'spam', 'other'] as const;
export type ReportReason = (typeof reportReasons)[number];

/** The statuses a reader may see: published, or a placeholder that keeps numbering stable. */
export type PublicStatus = 'published' | 'hidden' | 'removed_by_author' | 'removed_by_moderator';

/** A comment in a public thread. */
export interface PublicComment {
  id: number;
  parentId: number | null;
  depth: number;
  number: string;
  author: { name: string; kind: AuthorKind } | null;
  html: string | null;
  createdAt: string;
  /** The same minute on the blog's clocks, "2026-12-01T10:46": the time readers see and refer to. */
  localTime: string;
  status: PublicStatus;
  /** Present when its writer changed its text after writing it (the old text is gone). */
  edited?: true;
  /** Present when a moderator changed its text (to take out what could identify someone, say). */
  editedByModerator?: true;
}

/** What the writer of a new comment is told of it: no number yet (a held comment has none). */
export interface WrittenComment {
  id: number;
  parentId: number | null;
  author: { name: string; kind: AuthorKind };
  html: string | null;
  createdAt: string;
  status: 'published' | 'pending';
  /** Present when its writer changed its text after writing it. */
  edited?: true;
}
