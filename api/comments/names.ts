// Names and words compared the way readers would confuse them: Unicode's confusables skeleton (TR39,
// the data of confusables.txt), with case, accents, spaces, punctuation and invisible characters ignored.
import unhomoglyph from 'unhomoglyph';
import { cleanName, visibleText } from './clean-text.ts';

const withoutMarks = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '');

/** Without case or accents. */
export function folded(text: string): string {
  return withoutMarks(text).toLowerCase();
}

/** TR39's skeleton (decompose, map each character to its prototype, decompose again), without accents. */
export function skeleton(text: string): string {
  return withoutMarks(unhomoglyph(withoutMarks(visibleText(text))));
}

/**
 * Three keys, since case and shape pull apart: lower-cased first, `EDITH` is `Edith`; mapped as
 * typed, `AIi` (capital i) is `Ali` (small L), as most sans-serif fonts draw them; in capitals,
 * `EDlTH` (small L) is `EDITH`. A name is like another when any one of its keys is the same.
 */
function confusableKeys(name: string): string[] {
  const bare = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, '');
  const clean = cleanName(name);
  const key = (text: string) => bare(skeleton(skeleton(text).toLowerCase()));
  return [key(clean.toLowerCase()), key(clean), key(clean.toUpperCase())];
}

/** True when a reader could take one name for the other. */
export function looksLike(name: string, other: string): boolean {
  const a = confusableKeys(name);
  const b = confusableKeys(other);
  return a.some((key, i) => key !== '' && key === b[i]);
}

/**
 * Words that, put around a staff name, only make it look more official: "Edith Staff",
 * "Edith (moderator)", "The Editor Edith", "EdithAdmin".
 */
const staffWords = ['staff', 'moderator', 'mod', 'admin', 'administrator', 'editor', 'author', 'owner', 'team', 'official', 'support', 'webmaster', 'sysop', 'blog', 'the', 'real'];

const staffWordKeys = [0, 1, 2].map((i) => new Set(staffWords.flatMap((word) => [word, `${word}s`]).map((word) => confusableKeys(word)[i]!)));

/** True when `text` is nothing but staff words run together (or empty). */
function onlyStaffWords(text: string, words: ReadonlySet<string>): boolean {
  // Which prefixes of `text` split into staff words: a small dynamic programme (names are short).
  const splits = [true];
  for (let end = 1; end <= text.length; end++) {
    splits[end] = false;
    for (let start = 0; start < end && !splits[end]; start++) splits[end] = splits[start]! && words.has(text.slice(start, end));
  }
  return splits[text.length]!;
}

/**
 * Whether a reader may not use `name`: it looks like one of `reserved`, alone, as a plural or a
 * possessive ("Moderators", "Edith's"), or with staff words around it.
 */
export function isReservedName(name: string, reserved: readonly string[]): boolean {
  const keys = confusableKeys(name);
  return reserved.some((other) => {
    const staffKeys = confusableKeys(other);
    return keys.some((key, i) => {
      const staff = staffKeys[i]!;
      if (key === '' || staff === '') return false;
      const words = staffWordKeys[i]!;
      for (let at = key.indexOf(staff); at >= 0; at = key.indexOf(staff, at + 1)) {
        const after = key.slice(at + staff.length);
        if (onlyStaffWords(key.slice(0, at), words) && (onlyStaffWords(after, words) || (after.startsWith('s') && onlyStaffWords(after.slice(1), words)))) return true;
      }
      return false;
    });
  });
}
