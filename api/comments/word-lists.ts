// The moderators' word lists and what each does to a reader's comment: refuse it (the writer is
// told which word), hold it for a moderator, or publish it and flag it for review. Every list is
// compared the same way (see names.ts): case, accents, look-alike letters and invisible characters aside.
import { visibleText } from './clean-text.ts';
import { folded, skeleton } from './names.ts';

export const wordActions = ['refuse', 'hold', 'flag'] as const;
export type WordAction = (typeof wordActions)[number];

/** The settings that hold each list. */
export const wordListSetting = { refuse: 'refusedWords', hold: 'heldWords', flag: 'flaggedWords' } as const satisfies Record<WordAction, string>;
export type WordLists = { [A in WordAction as (typeof wordListSetting)[A]]: readonly string[] };

/** How an entry was found: spelt as listed (case and accents aside), once invisible characters are taken out, or only on the look-alike skeleton. */
export type MatchedVia = 'as_written' | 'invisible' | 'look_alike';

export interface WordMatch {
  entry: string;
  action: WordAction;
  via: MatchedVia;
}

const lookAlike = (text: string) => folded(skeleton(text.toLowerCase()));
const ways: readonly [MatchedVia, (text: string) => string][] = [
  ['as_written', folded],
  ['invisible', (text) => folded(visibleText(text))],
  ['look_alike', lookAlike],
];

/** The first way `entry` is found in `text`, as a whole word or phrase, if it is. */
export function matchedVia(text: string, entry: string): MatchedVia | undefined {
  for (const [via, key] of ways) {
    const word = key(entry.trim());
    if (!word) continue;
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(key(text))) return via;
  }
  return undefined;
}

/**
 * The first of `heldWords` in the body (or any text), compared as written (case and accents aside) and on the
 * confusables skeleton, so that look-alike letters (`іdiot` in Cyrillic) and invisible characters
 * (zero-width spaces, soft hyphens) do not hide a word.
 */
export function matchedHeldWord(body: string, heldWords: readonly string[]): string | undefined {
  return heldWords.find((word) => matchedVia(body, word) !== undefined);
}

/** Every entry of every list found in `text`: refusals first, then holds, then flags, each in its list's order. */
export function wordMatches(text: string, lists: WordLists): WordMatch[] {
  return wordActions.flatMap((action) =>
    lists[wordListSetting[action]].flatMap((entry) => {
      const via = matchedVia(text, entry);
      return via ? [{ entry: entry.trim(), action, via }] : [];
    }),
  );
}

/** Why an entry matched, in a moderator's words. */
export function matchedBecause({ entry, via }: Pick<WordMatch, 'entry' | 'via'>): string {
  if (via === 'as_written') return `matched “${entry}” as written (case and accents aside)`;
  if (via === 'invisible') return `matched “${entry}” once invisible characters (zero-width spaces, soft hyphens …) are taken out`;
  return `matched “${entry}” via look-alike letters (e.g. Cyrillic or Greek letters shaped like Latin ones)`;
}
