// Details in a comment that could identify its writer or a colleague: email addresses, phone
// numbers, UK postcodes, links to social-media profiles, and the moderators' list of identifying
// words (local office names …). A pure function of the text; the writer is told before it goes out.
import { decodeHTML } from 'entities';
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { matchedHeldWord } from './word-lists.ts';

export type IdentifyingKind = 'email' | 'phone' | 'postcode' | 'social' | 'word';

export interface IdentifyingDetail {
  kind: IdentifyingKind;
  /** As written (a listed word: as listed), for the writer to find and edit. */
  text: string;
}

interface Found extends IdentifyingDetail {
  at: number;
}

// Not after a letter, digit or address punctuation: `jim@` in `@jim@host` is a fediverse handle.
const emailPattern = /(?<![\p{L}\p{N}._%+@-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}/gu;
/** `@name@host.example`, the way Mastodon and other fediverse servers name an account. */
const fediversePattern = /(?<![\p{L}\p{N}_@])@[\p{L}\p{N}_.-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}/gu;
/** A web address with a path, with or without its scheme (`x.com/name` is written as often). */
const addressPattern = /(?<![\p{L}\p{N}@._%+-])(?:https?:\/\/)?(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?::\d+)?\/[^\s<>"'()[\]{}]*/giu;

/**
 * UK postcodes, as Royal Mail forms them. Written in capitals they count with or without the space;
 * otherwise only with it, and not when the second half is an ordinal (`the A1 2nd exit`).
 */
const postcodePattern = /(?<![\p{L}\p{N}])(GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)( ?)[0-9][ABD-HJLNP-UW-Z]{2})(?![\p{L}\p{N}])/giu;
const ordinal = /^(?:1st|2nd|3rd|[0-9]th)$/i;

function postcodes(text: string): Found[] {
  return [...text.matchAll(postcodePattern)]
    .filter(([code, , space]) => {
      if (code === code.toUpperCase()) return true;
      return space === ' ' && !ordinal.test(code.slice(-3));
    })
    .map((m) => ({ kind: 'postcode', text: m[0], at: m.index }));
}

/** As people write a number to dial: with its country code, or from the UK with its leading 0. */
const dialled = /^\(?\s*[+0]/;

function phones(text: string): Found[] {
  // Only numbers valid where they say they are (in the UK, without a country code): times, thread
  // numbers, years, sums and counts are not, nor a reference that happens to have a number's digits.
  return findPhoneNumbersInText(text, { defaultCountry: 'GB' })
    .map((m) => ({ kind: 'phone' as const, text: text.slice(m.startsAt, m.endsAt), at: m.startsAt }))
    .filter((found) => dialled.test(found.text));
}

/** Paths on these hosts that are the site's own pages, not someone's profile. */
const sitePages: Record<string, readonly string[]> = {
  'x.com': ['home', 'search', 'explore', 'hashtag', 'i', 'intent', 'share', 'settings', 'login', 'signup', 'tos', 'privacy'],
  'facebook.com': ['sharer', 'sharer.php', 'share', 'dialog', 'help', 'policies', 'privacy', 'login', 'watch', 'events', 'groups', 'hashtag'],
  'instagram.com': ['p', 'reel', 'reels', 'explore', 'accounts', 'tv', 'about'],
};
const sameSite: Record<string, string> = { 'twitter.com': 'x.com', 'fb.com': 'facebook.com', 'threads.com': 'threads.net' };
const knownSites = ['x.com', 'twitter.com', 'facebook.com', 'fb.com', 'instagram.com', 'linkedin.com', 'bsky.app', 'youtube.com', 'reddit.com', 'threads.net', 'threads.com'];

/** The site a host belongs to, whatever its subdomain (www., m., mobile., uk. …). */
function siteOf(hostname: string): string {
  const host = hostname.toLowerCase();
  const known = knownSites.find((site) => host === site || host.endsWith(`.${site}`));
  return known ? (sameSite[known] ?? known) : host;
}

/** Whether an address is someone's profile (or, on x.com, one of their posts, which names them). */
export function isProfileAddress(address: string): boolean {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(address) ? address : `https://${address}`);
  } catch {
    return false;
  }
  const host = siteOf(url.hostname);
  const path = url.pathname.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  const [first = '', second = ''] = path;
  const named = (pages: readonly string[] = []) => first !== '' && !pages.includes(first.toLowerCase());
  switch (host) {
    case 'x.com':
    case 'facebook.com':
    case 'instagram.com':
      return named(sitePages[host]);
    case 'linkedin.com':
      return (first === 'in' || first === 'pub') && second !== '';
    case 'bsky.app':
      return first === 'profile' && second !== '';
    case 'youtube.com':
      return (first.length > 1 && first.startsWith('@')) || (['c', 'channel', 'user'].includes(first) && second !== '');
    case 'reddit.com':
      return (first === 'u' || first === 'user') && second !== '';
    default:
      // TikTok, Threads, Mastodon and every fediverse server, Medium …: https://host/@name.
      return first.length > 1 && first.startsWith('@');
  }
}

function socialProfiles(text: string): Found[] {
  const addresses = [...text.matchAll(addressPattern)]
    // A full stop or comma after an address ends the sentence, not the address.
    .map((m) => ({ kind: 'social' as const, text: m[0].replace(/[.,;:!?]+$/, ''), at: m.index }))
    .filter((found) => isProfileAddress(found.text));
  const handles = [...text.matchAll(fediversePattern)].map((m) => ({ kind: 'social' as const, text: m[0], at: m.index }));
  return [...addresses, ...handles];
}

function emails(text: string): Found[] {
  return [...text.matchAll(emailPattern)].map((m) => ({ kind: 'email', text: m[0], at: m.index }));
}

/** The text a reader sees in rendered (sanitised) HTML, and where its links go. */
function renderedTexts(html: string): string[] {
  const hrefs = [...html.matchAll(/\shref="([^"]*)"/gi)].map((m) => decodeHTML(m[1]!));
  return [decodeHTML(html.replace(/<[^>]*>/g, '')), ...hrefs];
}

/**
 * The identifying details in a comment, in the order they come in its source, each once. The
 * rendered HTML is read too: what character references or Markdown spell differently, and links'
 * targets.
 */
export function findIdentifyingDetails(body: string, html: string, identifyingWords: readonly string[]): IdentifyingDetail[] {
  const texts = [body, ...renderedTexts(html)];
  const found: Found[] = [];
  let offset = 0;
  for (const text of texts) {
    const inText = [...emails(text), ...phones(text), ...postcodes(text), ...socialProfiles(text)];
    found.push(...inText.sort((a, b) => a.at - b.at).map((f) => ({ ...f, at: f.at + offset })));
    offset += text.length + 1;
  }
  // One comparison of the whole text per word found, and one more: the list may be long.
  const all = texts.join('\n');
  let rest = identifyingWords;
  for (let word = matchedHeldWord(all, rest); word !== undefined; word = matchedHeldWord(all, rest)) {
    found.push({ kind: 'word', text: word.trim(), at: offset });
    rest = rest.filter((other) => other !== word);
  }
  const seen = new Set<string>();
  return found
    .filter(({ kind, text }) => {
      const key = `${kind}:${text.toLowerCase().replace(/\s+/g, '')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(({ kind, text }) => ({ kind, text }));
}

const described: Record<IdentifyingKind, { one: string; many: string; reason: string }> = {
  email: { one: 'an email address', many: 'email addresses', reason: 'email address' },
  phone: { one: 'a phone number', many: 'phone numbers', reason: 'phone number' },
  postcode: { one: 'a postcode', many: 'postcodes', reason: 'postcode' },
  social: { one: 'a link to a social-media profile', many: 'links to social-media profiles', reason: 'social-media profile' },
  word: { one: 'a name that could point to a place or a person', many: 'names that could point to a place or a person', reason: 'listed word' },
};

/** The kinds found, in order of first appearance, each once. */
function kindsOf(details: readonly IdentifyingDetail[]): IdentifyingKind[] {
  return [...new Set(details.map((d) => d.kind))];
}

function joinWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** What the writer is told, in plain words, before the comment goes out. */
export function identifyingMessage(details: readonly IdentifyingDetail[], ifSentAnyway: 'held' | 'published'): string {
  const kinds = kindsOf(details);
  const many = details.length > 1;
  const named = kinds.map((kind) => {
    const count = details.filter((d) => d.kind === kind).length;
    const words = kind === 'word' ? ` (${details.filter((d) => d.kind === kind).map((d) => `“${d.text}”`).join(', ')})` : '';
    return (count > 1 ? described[kind].many : described[kind].one) + words;
  });
  const then = ifSentAnyway === 'held' ? 'send it anyway and a moderator will read it first.' : 'send it anyway if you are sure.';
  return `This comment contains ${joinWords(named)}: ${many ? 'they' : 'it'} could identify you or a colleague. Edit ${many ? 'them' : 'it'} out, or ${then}`;
}

/** Why a comment sent anyway waits for a moderator. */
export function identifyingReason(details: readonly IdentifyingDetail[]): string {
  const named = kindsOf(details).map((kind) => {
    if (kind !== 'word') return described[kind].reason;
    return `${described.word.reason} (${details.filter((d) => d.kind === 'word').map((d) => `“${d.text}”`).join(', ')})`;
  });
  return `May identify someone: ${named.join(', ')}.`;
}
