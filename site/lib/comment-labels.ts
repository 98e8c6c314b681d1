// Words shown to readers for the closed lists of the comment board, used by the server's thread
// page and by the browser script alike (so this module imports nothing at run time).
import type { PublicStatus, ReportReason } from './comments.ts';

export const reportReasonLabels: Record<ReportReason, string> = {
  racism: 'Racism or other discrimination',
  abuse: 'Abuse, harassment or threats',
  identifying: 'Could identify someone',
  spam: 'Spam',
  other: 'Something else',
};

/** What stands in a thread in place of a comment that is not shown. */
export const placeholderText: Record<Exclude<PublicStatus, 'published'>, string> = {
  removed_by_author: 'This comment has been removed by the author.',
  removed_by_moderator: 'This comment has been removed by a blog administrator.',
  hidden: 'This comment is hidden while moderators review it.',
};

/** What the writer of a new comment reads beside it, the same with or without JavaScript. */
export const writtenText = {
  published: 'Your comment is published.',
  held: 'Thank you: your comment is held until a moderator has read it.',
  heldSeenBy: 'Only you can see it here, and only until you leave this page.',
  waiting: 'Waiting for a moderator',
  key: 'Your removal key:',
  keyHelp: 'Copy it and keep it somewhere safe: it removes this comment later, from any device. It is shown only this once, and nobody, not even the moderators, can show it again.',
  keptHere: 'This browser keeps it too: anyone who uses this browser can see that this comment is yours, and remove it.',
  copy: 'Copy the key',
  copied: 'Copied.',
  selected: 'The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.',
} as const;

/** The writer's choice, in the browser, to keep removal keys on their device. */
export const keepKeyText = {
  label: 'Keep the key on this device',
  help: 'Then anyone who uses this browser can see which comments are yours, and remove them. Leave it unticked on a shared or work computer.',
  forgetNote: 'This browser keeps removal keys: anyone who uses it can see which comments they belong to.',
  forget: 'Forget the keys kept on this device',
  forgotten: 'This browser no longer keeps any removal keys.',
} as const;

/** The line under every comment box: what the writer may use, in a line. */
export const writingHelp = 'Markdown works: *emphasis*, **strong**, > quote, - list, [link](https://…); so do <b>, <i> and <a href="…">. A time (10:46) or a number (#12) of an earlier comment links to it.';
