// The moderation decision for a new comment, as one pure function of the comment, its post,
// the settings and who writes it: publish, hold for a moderator (with the reason), or first ask the
// writer whether to send what could identify them.
import type { CommentPolicy } from '../../site/lib/schema.ts';
import type { Settings } from '../settings.ts';
import { identifyingReason, type IdentifyingDetail } from './identifying.ts';
import { folded } from './names.ts';
import { wordMatches } from './word-lists.ts';

export { isReservedName } from './names.ts';
export { matchedHeldWord } from './word-lists.ts';

/**
 * `confirm`: the comment could identify someone, and its writer has not yet said to send it anyway.
 * `refuse`: it uses words not accepted here (the listed entries it matched, for the writer to edit).
 * A published comment may carry `flagged`: why moderators should read it after the fact.
 */
export type Decision =
  | { action: 'publish'; flagged?: string }
  | { action: 'hold'; reason: string }
  | { action: 'confirm'; details: readonly IdentifyingDetail[] }
  | { action: 'refuse'; words: readonly string[] };

export interface DecisionInput {
  body: string;
  /** The body as the renderer made it (sanitised HTML): the links a reader can follow. */
  html: string;
  post: { comments: CommentPolicy; published: Date };
  settings: Pick<Settings, 'holdMode' | 'holdOlderThanDays' | 'maxLinks' | 'refusedWords' | 'heldWords' | 'flaggedWords' | 'identifyingDetails'>;
  /** What in the comment could identify someone (see identifying.ts). */
  identifying: readonly IdentifyingDetail[];
  /** The writer was told of those details and sends it anyway. */
  confirmedIdentifying: boolean;
  isStaff: boolean;
  now: Date;
}

/** Web addresses written out in the source: links a reader can copy even where none is made. */
export function countLinks(body: string): number {
  return (body.match(/\bhttps?:\/\/|\bwww\.|\bmailto:/gi) ?? []).length;
}

/**
 * Links in the rendered comment: every `<a` start tag the sanitiser let through (text never holds
 * one: its `<` is escaped), however the source spelt it (`[a](https:e.example)`, entities …),
 * but a reference to an earlier comment of the thread (`<a href="#c12">`), which leads nowhere else.
 */
export function countRenderedLinks(html: string): number {
  return (html.match(/<a[\s>](?!href="#c\d+">)/gi) ?? []).length;
}

export function decide(input: DecisionInput): Decision {
  const { body, html, post, settings, identifying, isStaff, now } = input;
  if (isStaff) return { action: 'publish' };
  const words = wordMatches(body, settings);
  const refusedWords = words.filter((w) => w.action === 'refuse');
  // Refused whatever else is true: the writer has to edit it in any case, so they hear it first.
  if (refusedWords.length > 0) return { action: 'refuse', words: refusedWords.map((w) => w.entry) };
  // Whatever else would hold it, the writer hears first; and once they send it anyway, this is
  // the reason a moderator most needs to read.
  if (identifying.length > 0) {
    if (!input.confirmedIdentifying) return { action: 'confirm', details: identifying };
    if (settings.identifyingDetails === 'hold') return { action: 'hold', reason: identifyingReason(identifying) };
  }
  if (post.comments === 'moderated') return { action: 'hold', reason: 'Comments on this post are moderated.' };
  if (settings.holdMode === 'all') return { action: 'hold', reason: 'All comments are moderated.' };
  if (settings.holdMode === 'older_than' && now.getTime() - post.published.getTime() > settings.holdOlderThanDays * 86_400_000) {
    return { action: 'hold', reason: `Comments on posts older than ${settings.holdOlderThanDays} days are moderated.` };
  }
  const links = Math.max(countRenderedLinks(html), countLinks(body));
  if (links > settings.maxLinks) return { action: 'hold', reason: `More than ${settings.maxLinks} links.` };
  const held = words.find((w) => w.action === 'hold');
  if (held) return { action: 'hold', reason: `Contains a held word ("${held.entry}").` };
  const flagged = words.filter((w) => w.action === 'flag');
  if (flagged.length > 0) return { action: 'publish', flagged: `Contains a flagged word (${flagged.map((w) => `"${w.entry}"`).join(', ')}).` };
  return { action: 'publish' };
}

/**
 * An account's name folded for finding it at sign-in: no case, accents, spaces or punctuation.
 * Look-alikes are refused when a name is chosen (see names.ts), not folded here.
 */
export function nameKey(name: string): string {
  return folded(name).replace(/[^\p{L}\p{N}]+/gu, '');
}
