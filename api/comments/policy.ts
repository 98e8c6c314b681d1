// The moderation decision for a new comment, as one pure function of the comment, its post,
// the settings and who writes it: publish, or hold for a moderator (with the reason).
import type { CommentPolicy } from '../../site/lib/schema.ts';
import type { Settings } from '../settings.ts';
import { skeleton } from './names.ts';

export { isReservedName } from './names.ts';

export type Decision = { action: 'publish' } | { action: 'hold'; reason: string };

export interface DecisionInput {
  body: string;
  /** The body as the renderer made it (sanitised HTML): the links a reader can follow. */
  html: string;
  post: { comments: CommentPolicy; published: Date };
  settings: Pick<Settings, 'holdMode' | 'holdOlderThanDays' | 'maxLinks' | 'heldWords'>;
  isStaff: boolean;
  now: Date;
}

/** Web addresses written out in the source: links a reader can copy even where none is made. */
export function countLinks(body: string): number {
  return (body.match(/\bhttps?:\/\/|\bwww\.|\bmailto:/gi) ?? []).length;
}

/**
 * Links in the rendered comment: every `<a` start tag the sanitiser let through (text never holds
 * one: its `<` is escaped), however the source spelt it (`[a](https:e.example)`, entities …).
 */
export function countRenderedLinks(html: string): number {
  return (html.match(/<a[\s>]/gi) ?? []).length;
}

function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * The first held word in the body, compared as written (case and accents aside) and on the
 * confusables skeleton, so that look-alike letters (`іdiot` in Cyrillic) and invisible characters
 * (zero-width spaces, soft hyphens) do not hide a word.
 */
export function matchedHeldWord(body: string, heldWords: readonly string[]): string | undefined {
  const lookAlike = (text: string) => normalise(skeleton(text.toLowerCase()));
  const texts = [normalise(body), lookAlike(body)];
  return heldWords.find((word) =>
    [normalise(word.trim()), lookAlike(word.trim())].some((w, i) => {
      if (!w) return false;
      const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(texts[i]!);
    }),
  );
}

export function decide(input: DecisionInput): Decision {
  const { body, html, post, settings, isStaff, now } = input;
  if (isStaff) return { action: 'publish' };
  if (post.comments === 'moderated') return { action: 'hold', reason: 'Comments on this post are moderated.' };
  if (settings.holdMode === 'all') return { action: 'hold', reason: 'All comments are moderated.' };
  if (settings.holdMode === 'older_than' && now.getTime() - post.published.getTime() > settings.holdOlderThanDays * 86_400_000) {
    return { action: 'hold', reason: `Comments on posts older than ${settings.holdOlderThanDays} days are moderated.` };
  }
  const links = Math.max(countRenderedLinks(html), countLinks(body));
  if (links > settings.maxLinks) return { action: 'hold', reason: `More than ${settings.maxLinks} links.` };
  const word = matchedHeldWord(body, settings.heldWords);
  if (word) return { action: 'hold', reason: `Contains a held word ("${word}").` };
  return { action: 'publish' };
}

/**
 * An account's name folded for finding it at sign-in: no case, accents, spaces or punctuation.
 * Look-alikes are refused when a name is chosen (see names.ts), not folded here.
 */
export function nameKey(name: string): string {
  return normalise(name).replace(/[^\p{L}\p{N}]+/gu, '');
}
