// How a moderation route answers: JSON when a script asks, otherwise a redirect back to the list
// with a one-line notice (or the reason it was refused), only ever to a page of this app.
import type { Context } from 'hono';
import { ApiError } from '../../api/errors.ts';
import { publicReasons } from '../../site/lib/comment-labels.ts';
import type { Actor } from '../queue.ts';
import type { SignedInEnv } from './middleware.ts';

export const wantsJson = (c: Context) => /application\/json/i.test(c.req.header('Accept') ?? '') || /application\/json/i.test(c.req.header('Content-Type') ?? '');

/** Only paths inside the moderation app or the desk are followed after an action or a sign-in. */
export function safeBack(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(moderation|desk)(\/[\w/-]*)?(\?[\w=&%.-]*)?$/.test(value) ? value : fallback;
}

/** What the page says after an action, by the `done` word in its address. */
export const notices: Record<string, string> = {
  approve: 'Approved: the comment is now public.',
  reject: 'Rejected: the comment will never appear.',
  remove: 'Removed: the thread shows a placeholder.',
  restore: 'Restored: the comment is public again.',
  redact: 'Edited: the thread marks the comment “edited by a moderator”.',
  redact_approve: 'Edited and approved: the comment is public, marked “edited by a moderator”.',
  uphold: 'Upheld: the comment is removed and its reports closed.',
  dismiss: 'Dismissed: the comment stays (or is shown again).',
  grant: 'Granted: the comment has been erased.',
  decline: 'Declined.',
  settings: 'Settings saved.',
  account: 'Account saved.',
  removed: 'Account removed.',
  feed: 'Feed stopped.',
  bulk: 'Done for the selected comments.',
  undo: 'Undone: the comment is back as it was before the decision.',
  claim: 'You are on it for the next 10 minutes: the others see so.',
  release: 'You have let it go.',
  'source-hold': 'Held until the day ends: new comments from this source wait for a moderator, and its reports count toward hiding nothing.',
  'source-refuse': 'Refused until the day ends: new comments and reports from this source are turned away.',
  'source-lift': 'Stopped: this source’s comments and reports are taken like anyone’s again.',
  build: 'A build has started: the site is updated when it finishes (its status is at /moderation/build).',
};

/** The refusals a form is sent back with, by the `error` code in its address. */
export const errorsByCode: Record<string, string> = {
  state_changed: 'Someone else has already decided this, or it changed meanwhile: the list is up to date now.',
  not_found: 'That item no longer exists.',
  nothing_selected: 'Select at least one comment first.',
  claimed: 'Another moderator is on this item now: the list shows who. Act on it from there if you are sure.',
  undo_expired: 'The few minutes to undo that decision are over: a removed or rejected comment can still be restored from Removed.',
};

/**
 * The end of an action: JSON for scripts, otherwise back to the list with a notice, and with the
 * audit records of a decision that can be undone (the list offers the Undo).
 */
export function done(c: Context, back: string, notice: string, data: Record<string, unknown> = {}, undoIds: readonly number[] = []) {
  if (wantsJson(c)) return c.json({ ok: true, ...data });
  return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=${notice}${undoIds.map((id) => `&undo=${id}`).join('')}`, 303);
}

/** A refused action from a form: back to the list with the reason (JSON callers get the error). */
export function refused(c: Context, back: string, error: unknown) {
  if (wantsJson(c) || !(error instanceof ApiError) || !(error.code in errorsByCode)) throw error;
  return c.redirect(`${back}${back.includes('?') ? '&' : '?'}error=${error.code}`, 303);
}

/** Who decided, as the audit log records them. */
export const actorOf = (c: Context<SignedInEnv>): Actor => ({ id: c.var.account.id, name: c.var.account.name });

/** The reason shown to the writer, one of the short list, or none; anything else is refused. */
export function publicReasonOf(fields: Record<string, unknown>): string | undefined {
  const code = fields['publicReason'];
  if (code === undefined || code === '') return undefined;
  if (typeof code === 'string' && Object.hasOwn(publicReasons, code)) return code;
  throw new ApiError('validation_failed', `The reason shown to the writer must be one of: ${Object.keys(publicReasons).join(', ')}.`, { field: 'publicReason' });
}

/** Whether the moderator confirmed acting on an item another moderator is on. */
export const confirmedClaim = (fields: Record<string, unknown>) => fields['confirmClaim'] === '1' || fields['confirmClaim'] === true;

/** A decision's optional reason, as far as the audit log keeps it. */
export const reasonOf = (fields: Record<string, unknown>) => (typeof fields['reason'] === 'string' ? fields['reason'].slice(0, 500) : undefined);
