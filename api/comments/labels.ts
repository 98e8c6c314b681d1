// Words shown to readers for the closed lists of the comment board, used by the server's thread
// page and by the browser script alike (so this module imports nothing at run time).
import type { PublicComment, ReportReason } from './types.ts';

export const reportReasonLabels: Record<ReportReason, string> = {
  racism: 'Racism or other discrimination',
  abuse: 'Abuse, harassment or threats',
  identifying: 'Could identify someone',
  spam: 'Spam',
  other: 'Something else',
};

/** What stands in a thread in place of a comment that is not shown. */
export const placeholderText: Record<Exclude<PublicComment['status'], 'published'>, string> = {
  removed_by_author: 'This comment has been removed by the author.',
  removed_by_moderator: 'This comment has been removed by a blog administrator.',
  hidden: 'This comment is hidden while moderators review it.',
};
