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

/** Following replies to one's own comment through a private address, with or without JavaScript. */
export const followText = {
  button: 'Follow replies to this comment',
  offer: 'See replies to it, and what moderators decide, on a private page or in a feed reader: no email, no account.',
  addressIntro: 'Your private address for following this comment:',
  feedIntro: 'The same as a feed, for a feed reader:',
  keepPrivate: 'Keep it private: anyone who has it sees the replies to this comment, and can tell that it is yours. It is shown only this once.',
  stopAnyTime: 'You can stop it at any time, from the page itself: then the address leads nowhere.',
  together: 'Following several comments? Join the last parts of their addresses with ~ into one address: the blog never learns that they belong together.',
  pageHelp: 'This page is private: keep its address to yourself. Anyone who has it sees the replies to these comments, and can tell that they are yours. Nothing on it says who you are.',
  stop: 'Stop following',
  notFound: 'There is nothing to follow at this address: it is wrong, or following was stopped.',
  someMissing: 'Part of this address leads nowhere: it is wrong, or following was stopped.',
} as const;

/** What the writer of a comment learns of its fate, when it is news (it was held, or is not shown). */
export const fateText: Record<'pending' | 'approved' | 'rejected' | 'hidden' | 'removed_by_moderator', string> = {
  pending: 'Waiting for a moderator: it is not public yet.',
  approved: 'Published: a moderator approved it.',
  rejected: 'Not published: a moderator decided not to publish it.',
  hidden: 'Hidden while moderators review reports on it.',
  removed_by_moderator: 'Removed by a blog administrator.',
};

/** Changing one's own comment in its first minutes, the same with or without JavaScript. */
export const editText = {
  offer: 'Change it (for 15 minutes after writing it)',
  label: 'Your comment',
  help: 'The old text is erased, not kept; the comment is marked “edited”.',
  button: 'Save the change',
  edit: 'Edit',
} as const;

/**
 * The reasons a moderator may give the writer of a comment they reject or remove, as the writer
 * reads them on their private follow page: a short list, so that nothing a moderator types reaches
 * a writer, nor says more than the decision.
 */
export const publicReasons = {
  off_topic: 'It was off the topic of the post.',
  personal_attack: 'It attacked a person rather than an argument.',
  discrimination: 'It was racist or discriminatory.',
  identifying: 'It could identify someone.',
  legal: 'It could break the law (for example contempt of court or defamation).',
  spam: 'It was advertising or spam.',
} as const;
export type PublicReason = keyof typeof publicReasons;
