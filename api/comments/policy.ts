// The moderation decision for a new comment, as one pure function of the comment, its post,
// the settings and who writes it: publish, or hold for a moderator (with the reason).
import type { CommentPolicy } from '../../site/lib/schema.ts';
import type { Settings } from '../settings.ts';

export type Decision = { action: 'publish' } | { action: 'hold'; reason: string };

export interface DecisionInput {
  body: string;
  post: { comments: CommentPolicy; published: Date };
  settings: Pick<Settings, 'holdMode' | 'holdOlderThanDays' | 'maxLinks' | 'heldWords'>;
  isStaff: boolean;
  now: Date;
}

/** Links a reader would see: Markdown links, autolinks and bare web addresses. */
export function countLinks(body: string): number {
  return (body.match(/\bhttps?:\/\/|\bwww\.|\bmailto:/gi) ?? []).length;
}

function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

export function matchedHeldWord(body: string, heldWords: readonly string[]): string | undefined {
  const text = normalise(body);
  return heldWords.find((word) => {
    const w = normalise(word.trim());
    if (!w) return false;
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
  });
}

export function decide(input: DecisionInput): Decision {
  const { body, post, settings, isStaff, now } = input;
  if (isStaff) return { action: 'publish' };
  if (post.comments === 'moderated') return { action: 'hold', reason: 'Comments on this post are moderated.' };
  if (settings.holdMode === 'all') return { action: 'hold', reason: 'All comments are moderated.' };
  if (settings.holdMode === 'older_than' && now.getTime() - post.published.getTime() > settings.holdOlderThanDays * 86_400_000) {
    return { action: 'hold', reason: `Comments on posts older than ${settings.holdOlderThanDays} days are moderated.` };
  }
  const links = countLinks(body);
  if (links > settings.maxLinks) return { action: 'hold', reason: `More than ${settings.maxLinks} links.` };
  const word = matchedHeldWord(body, settings.heldWords);
  if (word) return { action: 'hold', reason: `Contains a held word ("${word}").` };
  return { action: 'publish' };
}

/** Names compared the way readers would confuse them: no case, accents, spaces or punctuation. */
export function nameKey(name: string): string {
  return normalise(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

export function isReservedName(name: string, reserved: readonly string[]): boolean {
  const key = nameKey(name);
  return key !== '' && reserved.some((r) => nameKey(r) === key);
}
