// The comment life cycle: which status may follow which, for every actor and action, in one table.
// Pure data, no database: the store builds its guards (WHERE status IN …) and its next status from
// it, the domain functions name their refusals from it, and its test lists every pair.
import { ApiError, type ErrorCode } from '../errors.ts';
import { commentStatuses, type CommentStatus } from './types.ts';

/** A comment's status, or 'new' for one not stored yet. */
export type Status = CommentStatus | 'new';
export const statuses: readonly Status[] = ['new', ...commentStatuses];

/** A refusal: the code and words the API and moderation answer with, or an internal reason never shown. */
export interface Refusal {
  code: ErrorCode | 'left_as_is' | 'not_shown' | 'not_removed' | 'already_written' | 'already_imported';
  message: string;
  field?: string;
}

/** Where an action takes a comment. `to` may be its own status: the action is taken, the status stays. */
export interface Move {
  to: CommentStatus;
  /** Its text and its author's name are erased for good. */
  erasesText?: true;
  /** Only while its text is kept (a comment whose text expired cannot come back). */
  needsText?: true;
  /** The held reason it is left with. */
  heldReason?: string;
}

/** The statuses an action moves a comment from; every other status is refused as `refused`. */
interface Rule {
  moves: Partial<Record<Status, Move>>;
  refused: Refusal;
  /** The refusal for a comment that does not exist, when it is not `refused`. */
  whenNew?: Refusal;
}

const noSuchComment: Refusal = { code: 'comment_not_found', message: 'There is no such comment.' };
const notWaiting: Refusal = { code: 'state_changed', message: 'This comment is no longer waiting for a decision.' };
const changedSince: Refusal = { code: 'state_changed', message: 'This comment has changed since the decision: it can no longer be undone.' };
const published: Move = { to: 'published' };
const stays = (...list: CommentStatus[]): Partial<Record<Status, Move>> => Object.fromEntries(list.map((status) => [status, { to: status }]));
const staysWithText = (...list: CommentStatus[]): Partial<Record<Status, Move>> => Object.fromEntries(list.map((status) => [status, { to: status, needsText: true }]));
/** Removed as its author would remove it: a held comment never appeared, so it leaves no placeholder. */
const asByAuthor = (withdrawn?: string): Partial<Record<Status, Move>> => ({
  pending: { to: 'rejected', erasesText: true, ...(withdrawn ? { heldReason: withdrawn } : {}) },
  published: { to: 'removed_by_author', erasesText: true },
  hidden: { to: 'removed_by_author', erasesText: true },
});

const lifeCycle = {
  author: {
    /** A new comment the policy publishes… */
    write: { moves: { new: published }, refused: { code: 'already_written', message: 'This comment is stored already.' } },
    /** …or holds for a moderator. */
    write_held: { moves: { new: { to: 'pending' } }, refused: { code: 'already_written', message: 'This comment is stored already.' } },
    /** What a reply needs of the comment it answers: shown at that instant, on the same post. */
    reply: { moves: stays('published'), refused: { code: 'parent_not_visible', message: 'The comment you are replying to is not (or no longer) shown on this post.', field: 'parentId' } },
    /** With the removal key. */
    remove: { moves: asByAuthor('Withdrawn by its author.'), refused: { code: 'already_removed', message: 'This comment has already been removed.' }, whenNew: noSuchComment },
    /** With the removal key, for a short while after writing it: new text, the status kept. */
    edit: { moves: staysWithText('pending', 'published'), refused: { code: 'not_editable', message: 'Only a comment that is shown, or waiting for a moderator, can be changed.' }, whenNew: noSuchComment },
    /** With the removal key: a private address to follow it by. Its status stays; a comment whose text is gone has nothing left to follow. */
    follow: {
      moves: staysWithText('pending', 'published', 'hidden', 'rejected', 'removed_by_moderator'),
      refused: { code: 'already_removed', message: 'This comment has been removed: there is nothing left to follow.' },
      whenNew: noSuchComment,
    },
  },
  reader: {
    report: { moves: stays('published', 'hidden'), refused: { code: 'comment_not_found', message: 'There is no such comment to report.' } },
    request_removal: { moves: stays('published', 'hidden', 'pending'), refused: { code: 'comment_not_found', message: 'There is no such comment to remove.' } },
  },
  readers: {
    /** Distinct readers' open reports reached the threshold (and no moderator has decided reports on it). */
    hide: { moves: { published: { to: 'hidden' } }, refused: { code: 'not_shown', message: 'Only a shown comment is hidden by reports.' }, whenNew: noSuchComment },
  },
  moderator: {
    approve: { moves: { pending: published }, refused: notWaiting, whenNew: noSuchComment },
    reject: { moves: { pending: { to: 'rejected' } }, refused: notWaiting, whenNew: noSuchComment },
    remove: {
      moves: { published: { to: 'removed_by_moderator' }, hidden: { to: 'removed_by_moderator' } },
      refused: { code: 'state_changed', message: 'Only a comment that is shown (or hidden by reports) can be removed.' },
      whenNew: noSuchComment,
    },
    restore: {
      moves: { removed_by_moderator: { ...published, needsText: true }, rejected: { ...published, needsText: true } },
      refused: { code: 'state_changed', message: 'This comment cannot be restored: it was not removed by a moderator, or its text has been erased.' },
      whenNew: noSuchComment,
    },
    /** New text for a held or shown comment (an office's name taken out, say): its status stays; the writer's own text is kept aside for the retention window. */
    redact: {
      moves: staysWithText('pending', 'published', 'hidden'),
      refused: { code: 'state_changed', message: 'Only a comment that is held, shown or hidden by reports can be edited: this one was decided or removed meanwhile.' },
      whenNew: noSuchComment,
    },
    /** The comment's open reports upheld: a shown comment is removed; any other is left as it is. */
    uphold_reports: {
      moves: { published: { to: 'removed_by_moderator' }, hidden: { to: 'removed_by_moderator' } },
      refused: { code: 'left_as_is', message: 'The reports are decided; the comment, not shown, is left as it is.' },
      whenNew: noSuchComment,
    },
    /** The comment's open reports dismissed: a comment hidden by them comes back. */
    dismiss_reports: { moves: { hidden: published }, refused: { code: 'left_as_is', message: 'The reports are decided; the comment is left as it is.' }, whenNew: noSuchComment },
    /** Its author's removal request granted: as if its author had removed it, whatever its status. */
    grant_removal: {
      moves: { ...asByAuthor(), rejected: { to: 'rejected', erasesText: true }, removed_by_author: { to: 'removed_by_author', erasesText: true }, removed_by_moderator: { to: 'removed_by_author', erasesText: true } },
      refused: noSuchComment,
    },
    /** Its moderator's rejection undone, within minutes: held again, with its held reason. */
    undo_reject: { moves: { rejected: { to: 'pending', needsText: true } }, refused: changedSince, whenNew: noSuchComment },
    /** Its moderator's removal (or upheld reports) undone, within minutes: shown again… */
    undo_remove: { moves: { removed_by_moderator: { ...published, needsText: true } }, refused: changedSince, whenNew: noSuchComment },
    /** …or hidden again, when readers' reports had hidden it. */
    undo_remove_hidden: { moves: { removed_by_moderator: { to: 'hidden', needsText: true } }, refused: changedSince, whenNew: noSuchComment },
  },
  retention: {
    /** The text of a comment moderators removed or rejected, past the retention window: erased, the status kept. */
    erase: {
      moves: { removed_by_moderator: { to: 'removed_by_moderator', erasesText: true }, rejected: { to: 'rejected', erasesText: true } },
      refused: { code: 'not_removed', message: 'Only the text of a comment moderators removed or rejected expires.' },
      whenNew: noSuchComment,
    },
  },
  importer: {
    /** A comment as the export has it: shown… */
    import: { moves: { new: published }, refused: { code: 'already_imported', message: 'This comment was imported already: importing it again changes nothing.' } },
    /** …or a placeholder: removed by its author… */
    import_removed_by_author: { moves: { new: { to: 'removed_by_author' } }, refused: { code: 'already_imported', message: 'This comment was imported already: importing it again changes nothing.' } },
    /** …or by the blog's administrators. */
    import_removed_by_blog: { moves: { new: { to: 'removed_by_moderator' } }, refused: { code: 'already_imported', message: 'This comment was imported already: importing it again changes nothing.' } },
  },
} as const satisfies Record<string, Record<string, Rule>>;

export type Actor = keyof typeof lifeCycle;
export type ActionOf<A extends Actor> = keyof (typeof lifeCycle)[A] & string;
export type Outcome = Move | { refused: Refusal };

export const actors = Object.keys(lifeCycle) as Actor[];
export const actionsOf = <A extends Actor>(actor: A): ActionOf<A>[] => Object.keys(lifeCycle[actor]) as ActionOf<A>[];

function ruleOf<A extends Actor>(action: ActionOf<A>, actor: A): Rule {
  return (lifeCycle[actor] as Record<string, Rule>)[action]!;
}

/** What `actor` doing `action` makes of a comment in `status`. */
export function next<A extends Actor>(status: Status, action: ActionOf<A>, actor: A): Outcome {
  const rule = ruleOf(action, actor);
  const move = rule.moves[status];
  if (move) return move;
  return { refused: status === 'new' ? (rule.whenNew ?? rule.refused) : rule.refused };
}

/** The stored statuses the action applies to (its guard), each with where it goes. */
export function movesOf<A extends Actor>(action: ActionOf<A>, actor: A): [CommentStatus, Move][] {
  return Object.entries(ruleOf(action, actor).moves).filter(([status]) => status !== 'new') as [CommentStatus, Move][];
}

/** The refusal for a comment in a status the action does not apply to. */
export function refusalOf<A extends Actor>(action: ActionOf<A>, actor: A): Refusal {
  return ruleOf(action, actor).refused;
}

/** The refusal for `actor` doing `action` on a comment in `status`, if it is refused. */
export function refusalAt<A extends Actor>(status: Status, action: ActionOf<A>, actor: A): Refusal | undefined {
  const outcome = next(status, action, actor);
  return 'refused' in outcome ? outcome.refused : undefined;
}

/** A refusal as the API answers it (the internal ones are never answered). */
export function refusalError(refusal: Refusal): ApiError {
  return new ApiError(refusal.code as ErrorCode, refusal.message, refusal.field ? { field: refusal.field } : {});
}
