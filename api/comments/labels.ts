// Words shown to readers for the closed lists of the comment board.
import type { ReportReason } from './types.ts';

export const reportReasonLabels: Record<ReportReason, string> = {
  racism: 'Racism or other discrimination',
  abuse: 'Abuse, harassment or threats',
  identifying: 'Could identify someone',
  spam: 'Spam',
  other: 'Something else',
};
