// The board's limits on readers: how many comments, reports and removal requests a source may
// send, a form token's single use, and a budget of refused comments. The counting itself is
// api/limits/rate-limits.ts.
import { createHash } from 'node:crypto';
import { ApiError } from '../errors.ts';
import type { Limit } from '../limits/rate-limits.ts';
import type { SourceHasher } from '../privacy/source.ts';
import type { Settings } from '../settings.ts';
import { checkFormToken, formTokenUse } from './form-token.ts';

/** Refused comments a source may send in an hour: each staff name tried, each body refused (refused words included). */
export const refusalsPerHour = 10;

/**
 * A source's limits on comments, and the form token's single use (a token is good for one comment,
 * on any process sharing the database). Throws for a form token that is missing, forged, expired
 * or sent sooner than a person could write.
 */
export function commentLimits(sources: SourceHasher, source: string, input: { body: string; formToken?: string | undefined }, postId: string, settings: Settings, formSecret: string, now: number): Limit[] {
  const check = checkFormToken(formSecret, input.formToken, now, settings.minFormSeconds);
  if (!check.ok && check.reason === 'too_fast') throw new ApiError('too_fast', 'That was quick: wait a moment and send it again.', { retryAfter: check.retryAfter });
  if (!check.ok) throw new ApiError('validation_failed', 'This form has expired: reload the page and send your comment again.', { field: 'formToken' });
  const key = (purpose: string) => `${purpose}:${sources.key(source, purpose)}`;
  const limits: Limit[] = [
    { key: key('comment-minute'), limit: settings.commentsPerMinute, windowMs: 60_000, message: 'Too many comments in a minute: wait a little and try again.' },
    { key: key('comment-day'), limit: settings.commentsPerDay, windowMs: 86_400_000, message: 'You have reached today’s limit of comments.' },
  ];
  if (settings.duplicateWindowMinutes > 0) {
    // The same text on the same post from anyone, not from this source: a colleague behind the
    // same address who sends a comment they see on the thread learns nothing of where it came from.
    const bodyHash = createHash('sha256').update(input.body).digest('base64url');
    limits.push({ key: `duplicate:${sources.key('', `duplicate:${postId}:${bodyHash}`)}`, limit: 1, windowMs: settings.duplicateWindowMinutes * 60_000, message: 'The same comment was sent here a moment ago: look for it on the thread.' });
  }
  const use = formTokenUse(input.formToken!);
  limits.push({
    key: `form-used:${use.id}`,
    limit: 1,
    windowMs: use.keepUntil - now,
    expiresAt: use.keepUntil,
    message: '',
    refusal: new ApiError('validation_failed', 'This form has been sent already: look for your comment on the thread, or reload the page to write another.', { field: 'formToken' }),
  });
  return limits;
}

/** A source's budget of refused comments: what tries staff names or intricate bodies over and over. */
export function refusalLimit(sources: SourceHasher, source: string): Limit {
  return { key: `comment-refused:${sources.key(source, 'comment-refused')}`, limit: refusalsPerHour, windowMs: 3_600_000, message: 'Too many comments from this connection were refused in the last hour: wait a while before sending another.' };
}

/** The refusals that count against that budget (not the limits', nor a busy server's). */
export function countsAsRefused(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'reserved_name' || error.code === 'refused_word' || error.code === 'body_too_complex' || error.code === 'parent_not_visible');
}

export function reportLimit(sources: SourceHasher, source: string, settings: Settings): Limit {
  return { key: `report-day:${sources.key(source, 'report-day')}`, limit: settings.reportsPerDay, windowMs: 86_400_000, message: 'You have reached today’s limit of reports.' };
}

export function removalRequestLimit(sources: SourceHasher, source: string, settings: Settings): Limit {
  return { key: `removal-day:${sources.key(source, 'removal-day')}`, limit: settings.reportsPerDay, windowMs: 86_400_000, message: 'You have reached today’s limit of requests.' };
}
