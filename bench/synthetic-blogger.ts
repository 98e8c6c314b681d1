// Synthetic Blogger "Back up content" exports for the import benchmark: the classic Atom feed of
// the real exports (template, settings, posts, pages, then comments), streamed to a file entry by
// entry so that a half-gigabyte export never sits in memory. Same seed, same bytes.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { labelNames, seededRandom } from './synthetic-posts.ts';

export interface SyntheticExportOptions {
  /** Post entries, drafts included. */
  posts: number;
  comments: number;
  seed: number;
  /** Share of the comments that reply to another comment (default 1/3). */
  replyShare?: number;
  /** Share of the comments removed by their author or an administrator (default 1/100). */
  removedShare?: number;
  /** How many of the posts are drafts (default 1 in 50). */
  drafts?: number;
  /** Static pages (default 8). */
  pages?: number;
  /** Called now and then with what has been written so far. */
  progress?: (written: { posts: number; comments: number }) => void;
  /**
   * Pictures served from here (e.g. http://127.0.0.1:8080) instead of Blogger's hosts, their paths
   * kept (…/s1600/…, …/s320/…): for importing with --fetch-images without the internet.
   */
  imageOrigin?: string | undefined;
}

/** Blogger's picture hosts in the bodies (with their scheme; avatars' protocol-relative ones are not in bodies). */
const bloggerPictureHosts = /https:\/\/blogger\.googleusercontent\.com\/|http:\/\/\d\.bp\.blogspot\.com\//g;

/** What the export holds, for checking an import against. */
export interface SyntheticExportCounts {
  /** Post entries, drafts included. */
  posts: number;
  drafts: number;
  pages: number;
  /** Comment entries, replies and removed ones included. */
  comments: number;
  /** Comments with a parent comment (`link rel='related'`). */
  replies: number;
  /** Comments Blogger marks `blogger.contentRemoved`. */
  removed: number;
  bytes: number;
}

type Random = () => number;

const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Standard normal deviate (Box–Muller). */
const normal = (random: Random): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

// ---------------------------------------------------------------------------------------------
// Time: Blogger writes local time with the blog's offset (America/Chicago here: -06:00 or -05:00).

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const firstPostAt = Date.UTC(2008, 0, 7, 15);
const lastPostAt = Date.UTC(2024, 11, 20, 15);
const blogCreatedAt = Date.UTC(2007, 10, 3, 19, 12, 41, 226);
const exportedAt = Date.UTC(2025, 2, 14, 17, 2, 11, 807);

/** The instants daylight saving time starts and ends in Chicago (US rules since 2007), per year. */
const daylightByYear = new Map<number, readonly [number, number]>();

function nthSunday(year: number, month: number, nth: number): number {
  const weekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return Date.UTC(year, month, 1 + ((7 - weekday) % 7) + 7 * (nth - 1));
}

function offsetMinutes(utc: number): number {
  const year = new Date(utc).getUTCFullYear();
  let daylight = daylightByYear.get(year);
  if (!daylight) {
    // 02:00 local: 08:00 UTC in March (CST), 07:00 UTC in November (CDT).
    daylight = [nthSunday(year, 2, 2) + 8 * hour, nthSunday(year, 10, 1) + 7 * hour];
    daylightByYear.set(year, daylight);
  }
  return utc >= daylight[0] && utc < daylight[1] ? -300 : -360;
}

/** The wall-clock time in Chicago, as a Date read with its UTC getters. */
const local = (utc: number): Date => new Date(utc + offsetMinutes(utc) * minute);

/** 2022-09-23T15:02:28.608-05:00 */
function atomTime(utc: number): string {
  const offset = offsetMinutes(utc);
  return `${new Date(utc + offset * minute).toISOString().slice(0, 23)}${offset === -300 ? '-05:00' : '-06:00'}`;
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Blogger's blogger.displayTime: "Friday, September 23, 2022 at 3:02:00 PM CDT" (to the minute). */
function displayTime(utc: number): string {
  const t = local(utc);
  const h = t.getUTCHours();
  const clock = `${h % 12 === 0 ? 12 : h % 12}:${String(t.getUTCMinutes()).padStart(2, '0')}:00 ${h < 12 ? 'AM' : 'PM'}`;
  const zone = offsetMinutes(utc) === -300 ? 'CDT' : 'CST';
  return `${weekdays[t.getUTCDay()]}, ${months[t.getUTCMonth()]} ${t.getUTCDate()}, ${t.getUTCFullYear()} at ${clock} ${zone}`;
}

// ---------------------------------------------------------------------------------------------
// Escaping. Blogger quotes attributes with ' and escapes the HTML of a body once more inside
// <content type='html'>, so `Tom & Jerry` in a comment is `Tom &amp;amp; Jerry` in the file.

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };
/** Element text, in the XML and in a post's HTML: quotes stay as they are. */
const escapeText = (text: string): string => text.replace(/[&<>]/g, (c) => escapes[c]!);
/** Attribute values, and the text of a comment's HTML (Blogger's comment form escapes quotes too). */
const escapeQuoted = (text: string): string => text.replace(/[&<>'"]/g, (c) => escapes[c]!);

// ---------------------------------------------------------------------------------------------
// Words. Some non-ASCII everywhere (é, ’, “”, emoji), and characters that need escaping (&, <, ").

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const subjects = [
  'my manager', 'the duty officer', 'our team', 'a volunteer I know', 'the magistrate', 'my mentor', 'the new system',
  'everyone in the office', 'the café on the corner', 'my first client', 'the night shift', 'a friend of mine',
  'the hostel warden', 'the court clerk', 'our résumé workshop', 'my supervisor', 'the man at the bus stop',
  'the trainee', 'my mum', 'the chaplain', 'our Tuesday group', 'the receptionist', 'nobody at head office',
];
const verbs = [
  'said the same about', 'never understood', 'kept asking about', 'wrote to me about', 'reminded me of',
  'changed my mind about', 'laughed at', 'worried about', 'made a note of', 'still talks about', 'gave up on',
  'asked for help with', 'was right about', 'learned a lot from', 'did not mention', 'fixed',
];
const objects = [
  'the waiting room', 'those Monday meetings', 'the “new” database', 'the paperwork', 'the long drive home',
  'the first interview', 'Tom & Jerry’s approach', 'the 9 o’clock queue', 'that letter', 'the weekend rota',
  'the naïve questions we all ask', 'the tea urn', 'the probation office', 'the bus to court', 'the so-called "reforms"',
  'the leaving do', 'the kettle', 'the forms (all six of them)', 'the key to the side door', 'the Zoë Smith case',
  'the spreadsheet', 'the crèche', 'the rain', 'the last train',
];
const tails = [
  '', '', '', '', ' last week', ' years ago', ' in 2019', ' every single time', ' — and rightly so', ' (again)',
  ' before Christmas', ' for < 10 minutes', ' on a Friday afternoon', ' without a word', ' after all this time',
];
const reactions = [
  'Thank you for this.', 'Great post!', 'So true.', 'Couldn’t agree more.', 'Well said.', 'This rings true.',
  'Brilliant 👏', 'Merci — très bien écrit.', 'Spot on 👍', 'I’m not so sure.', 'Lovely piece 😊', 'Interesting.',
  'Hmm.', 'Exactly this!', 'I laughed out loud at this 😂', 'Sending love ❤️', 'Same here.', 'Ha!', 'Thanks 🙏',
];

function sentence(random: Random): string {
  const text = `${pick(random, subjects)} ${pick(random, verbs)} ${pick(random, objects)}${pick(random, tails)}`;
  const more = random() < 0.3 ? `, ${pick(random, ['and', 'but', 'so', 'while'])} ${pick(random, subjects)} ${pick(random, verbs)} ${pick(random, objects)}` : '';
  return `${capitalise(text)}${more}${random() < 0.1 ? '?' : '.'}`;
}

// ---------------------------------------------------------------------------------------------
// Bodies.

/** Base64url noise, like the keys in Blogger's image addresses. */
function imageKey(random: Random, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let key = '';
  for (let i = 0; i < length; i++) key += alphabet[Math.floor(random() * 64)];
  return key;
}

const photoNames = ['IMG_2041', 'waiting-room', 'court-steps', 'DSC00317', 'the-garden', 'kettle', 'bus-stop', 'office-window', 'Photo0042'];

interface PostBody {
  html: string;
  /** The first image, for <media:thumbnail>. */
  thumbnail: string | undefined;
}

/** A post's HTML in the new editor's style (2013 on): paragraphs, headings, separator images. */
function modernPostBody(random: Random): PostBody {
  const blocks: string[] = [];
  let thumbnail: string | undefined;
  const paragraphs = int(random, 4, 11);
  for (let i = 0; i < paragraphs; i++) {
    const sentences = Array.from({ length: int(random, 2, 6) }, () => inlineMarkup(random, escapeText(sentence(random))));
    blocks.push(`<p>${sentences.join(' ')}</p>`);
    if (i === 0 && random() < 0.4) blocks.push('<a name="more"></a>');
    const r = random();
    if (r < 0.12) {
      const key = `AVvXsE${imageKey(random, 70)}`;
      const name = pick(random, photoNames);
      const base = `https://blogger.googleusercontent.com/img/b/R29vZ2xl/${key}`;
      thumbnail ??= `${base}/s72-c/${name}.jpg`;
      blocks.push(
        `<div class="separator" style="clear: both;"><a href="${base}/s1600/${name}.jpg" style="display: block; padding: 1em 0; text-align: center; ">` +
          `<img alt="" border="0" width="400" data-original-height="1200" data-original-width="1600" src="${base}/s400/${name}.jpg"/></a></div>`,
      );
    } else if (r < 0.2) {
      blocks.push(`<h3>${escapeText(capitalise(pick(random, objects)))}</h3>`);
    } else if (r < 0.26) {
      blocks.push(`<blockquote>${escapeText(sentence(random))}</blockquote>`);
    } else if (r < 0.3) {
      const items = Array.from({ length: int(random, 2, 5) }, () => `<li>${escapeText(capitalise(pick(random, objects)))}</li>`);
      blocks.push(`<ul>${items.join('')}</ul>`);
    }
  }
  return { html: blocks.join('\n'), thumbnail };
}

/** A post's HTML in the old editor's style: line breaks, spans, floated bp.blogspot.com photos. */
function legacyPostBody(random: Random): PostBody {
  const parts: string[] = [];
  let thumbnail: string | undefined;
  const paragraphs = int(random, 4, 10);
  for (let i = 0; i < paragraphs; i++) {
    if (random() < 0.1) {
      const key = `_${imageKey(random, 11)}/${imageKey(random, 11)}/AAAAAAAAA${imageKey(random, 2)}/${imageKey(random, 11)}`;
      const name = pick(random, photoNames);
      const host = `http://${int(random, 1, 4)}.bp.blogspot.com/${key}`;
      thumbnail ??= `${host}/s72-c/${name}.jpg`;
      parts.push(
        `<a onblur="try {parent.deselectBloggerImageGracefully();} catch(e) {}" href="${host}/s1600-h/${name}.jpg">` +
          `<img style="float:left; margin:0 10px 10px 0;cursor:pointer; cursor:hand;width: 320px; height: 240px;" src="${host}/s320/${name}.jpg" border="0" alt="" ` +
          `id="BLOGGER_PHOTO_ID_${int(random, 5_000_000, 5_999_999)}${int(random, 100_000_000_000, 999_999_999_999)}" /></a>`,
      );
    }
    const sentences = Array.from({ length: int(random, 2, 6) }, () => inlineMarkup(random, escapeText(sentence(random))));
    parts.push(sentences.join(' '));
    if (random() < 0.05) parts.push(`<span style="font-style: italic;">${escapeText(sentence(random))}</span>`);
  }
  return { html: parts.join('<br /><br />'), thumbnail };
}

/** Bold, italics, a link or a non-breaking space in a sentence, now and then. */
function inlineMarkup(random: Random, html: string): string {
  const r = random();
  if (r > 0.14) return html;
  const words = html.split(' ');
  if (words.length < 5) return html;
  const at = int(random, 1, words.length - 3);
  const span = words.slice(at, at + 2).join(' ');
  const marked =
    r < 0.04 ? `<b>${span}</b>` : r < 0.08 ? `<i>${span}</i>` : r < 0.12 ? `<a href="https://www.example.org/${at}/notes.html">${span}</a>` : `${span}&nbsp;`;
  return [...words.slice(0, at), marked, ...words.slice(at + 2)].join(' ');
}

interface CommentBody {
  /** HTML in Blogger's comment subset: text with entities, <br />, <b>, <i>, <a rel="nofollow">. */
  html: string;
  /** The text without tags, for the title. */
  text: string;
}

function commentBody(random: Random, mention: string | undefined): CommentBody {
  const html: string[] = [];
  const text: string[] = [];
  const add = (plain: string, markup = escapeQuoted(plain)) => {
    text.push(plain);
    html.push(markup);
  };
  if (mention !== undefined) add(`@${mention}: `);
  if (random() < 0.45) add(`${pick(random, reactions)} `);
  const paragraphs = random() < 0.75 ? 1 : int(random, 2, 4);
  for (let p = 0; p < paragraphs; p++) {
    if (p > 0) html.push(random() < 0.8 ? '<br /><br />' : '<br />');
    const count = int(random, 1, 3);
    for (let s = 0; s < count; s++) {
      const plain = sentence(random);
      const r = random();
      if (r < 0.05) add(plain, `<b>${escapeQuoted(plain)}</b>`);
      else if (r < 0.1) add(plain, `<i>${escapeQuoted(plain)}</i>`);
      else add(plain);
      if (s < count - 1) add(' ');
    }
  }
  if (random() < 0.04) {
    const href = `https://www.example.org/blog/${int(random, 2008, 2024)}/${pick(random, photoNames).toLowerCase()}.html`;
    const label = href.replace('https://', '');
    html.push(' ');
    add(label, `<a href="${href}" rel="nofollow">${label}</a>`);
  }
  return { html: html.join(''), text: text.join('') };
}

/** Blogger titles a comment with the first 50 characters of its text. */
const commentTitle = (text: string): string => (text.length > 50 ? `${text.slice(0, 50)}...` : text);

// ---------------------------------------------------------------------------------------------
// People.

interface Person {
  name: string;
  /** The <author> element, as written. */
  xml: string;
  /** Blogger's per-commenter class, pid-NNNNNNNNN. */
  pid: string;
}

const noPhoto = "<gd:image rel='http://schemas.google.com/g/2005#thumbnail' width='35' height='35' src='//www.blogger.com/img/blogger_logo_round_35.png'/>";
const blankImage = "<gd:image rel='http://schemas.google.com/g/2005#thumbnail' width='16' height='16' src='https://img1.blogblog.com/img/blank.gif'/>";

function authorXml(name: string, uri: string | undefined, image: string): string {
  return `<author><name>${escapeText(name)}</name>${uri === undefined ? '' : `<uri>${escapeText(uri)}</uri>`}<email>noreply@blogger.com</email>${image}</author>`;
}

const digits = (random: Random, length: number): string => {
  let out = String(int(random, 1, 9));
  while (out.length < length) out += String(Math.floor(random() * 10));
  return out;
};

function profilePerson(random: Random, name: string, withPhoto: boolean): Person {
  const image = withPhoto
    ? `<gd:image rel='http://schemas.google.com/g/2005#thumbnail' width='32' height='32' src='//blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsE${imageKey(random, 60)}/s32/${imageKey(random, 8)}.jpg'/>`
    : noPhoto;
  return { name, xml: authorXml(name, `https://www.blogger.com/profile/${digits(random, 20)}`, image), pid: digits(random, 9) };
}

/** A commenter who typed a name and a web address instead of signing in. */
function namedPerson(random: Random, name: string): Person {
  const site = `https://${name.toLowerCase().normalize('NFD').replace(/[^a-z]+/g, '') || 'someone'}.example.net/`;
  return { name, xml: authorXml(name, random() < 0.6 ? site : undefined, blankImage), pid: digits(random, 9) };
}

const anonymousAuthor = authorXml('Anonymous', undefined, blankImage);

const firstNames = [
  'Zoë', 'José', 'Siobhán', 'Björn', 'Aoife', 'Chloé', 'Łukasz', 'Nnamdi', 'Priya', 'Mei', 'Dmitri', 'Ngozi', 'Ana', 'Tom',
  'Mary', 'Dave', 'Fatima', 'Gareth', 'Helen', 'Ian', 'Joanne', 'Kwame', 'Linda', 'Mohammed', 'Niamh', 'Owen', 'Paul',
  'Rachel', 'Sam', 'Tariq', 'Una', 'Vic', 'Wendy', 'Yusuf', 'François', 'Renée', 'Søren', 'Ines',
];
const surnames = [
  'O’Brien', 'Müller', 'García', 'Nakamura', 'Okafor', 'Smith', 'Jones', 'Kowalski', 'Dubois', 'Ní Bhriain', 'Patel',
  'Evans', 'Williams', 'Nowak', 'Hughes', 'Khan', 'Lefèvre', 'Brown', 'Taylor', 'Adeyemi', 'MacLeod', 'Novák',
];
const handles = ['a tired PO', 'probation_pete', 'Bill & Ben', 'Jo <3', 'NightShiftNurse', 'former client', 'retired magistrate', 'J.', 'mum of three', 'Old Lag'];

function personName(random: Random): string {
  return random() < 0.12 ? pick(random, handles) : `${pick(random, firstNames)} ${pick(random, surnames)}`;
}

// ---------------------------------------------------------------------------------------------
// Titles and addresses.

const titleNouns = [
  'Waiting Room', 'Court', 'Hostel', 'Kettle', 'Letters', 'Mondays', 'Rota', 'Interview', 'Caseload', 'Café', 'Résumé',
  'Bus Stop', 'Tea', 'Sympathy', 'Paperwork', 'Winter', 'Spring', 'Volunteers', 'Mentors', 'Silence', 'Patience',
  'Promises', 'Doors', 'Keys', 'Night Shift', 'Allotment', 'Reports', 'Trust', 'Queues', 'Goodbyes',
];
const titleAdjectives = ['Quiet', 'Long', 'Small', 'Naïve', 'Honest', 'Late', 'Early', 'Ordinary', 'Stubborn', 'Patient', 'Rainy', 'Borrowed', 'Second', 'Last'];
/** Titles a blog uses again and again: the same address in different months. */
const recurringTitles = ['Weekly Round-up', 'Friday Links', 'Letters Page', 'Happy New Year!'];

const placeSyllables = 'bar bel bor bran cal cor dun fen gar hal kin lan lor mar mel mor nor pen ran rid sal tor wen wick ford by ton ley'.split(' ');

/** A made-up place ("Borwick", "Fenmarton"): titles rarely repeat, as on a real blog. */
function placeName(random: Random): string {
  let name = '';
  for (let n = int(random, 2, 3); n > 0; n--) name += pick(random, placeSyllables);
  return capitalise(name);
}

/** Titles mostly differ; 3 in 100 are a recurring one, and a few repeat by chance. */
function postTitle(random: Random): string {
  const r = random();
  if (r < 0.03) return pick(random, recurringTitles);
  const noun = pick(random, titleNouns);
  const other = pick(random, titleNouns);
  const adjective = pick(random, titleAdjectives);
  if (r < 0.2) return `${adjective} ${noun} in ${placeName(random)}`;
  if (r < 0.32) return `On ${noun}, ${other} and ${pick(random, titleNouns)}`;
  if (r < 0.44) return `${noun} & ${other}: Notes from ${placeName(random)}`;
  if (r < 0.56) return `What ${pick(random, firstNames)} from ${placeName(random)} Taught Me`;
  if (r < 0.68) return `The ${adjective} ${noun} of ${placeName(random)}`;
  if (r < 0.78) return `Why I Still Think About ${placeName(random)}?`;
  if (r < 0.88) return `${noun}, ${adjective} ${other}: ${months[int(random, 0, 11)]} ${int(random, 1998, 2024)}`;
  return `Day ${int(random, 1, 9999)}: ${adjective} ${noun}`;
}

/** Blogger's address for a title: ASCII words joined by hyphens, cut at a word near 40 characters. */
function titleSlug(title: string): string {
  const words = title
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, '')
    .split(/[\s-]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > 40 && slug) break;
    slug = next;
  }
  return slug || 'blog-post';
}

/** Within one month Blogger makes an address unique with _NN; across months it may repeat. */
function uniqueAddress(random: Random, used: Set<string>, prefix: string, slug: string): string {
  let candidate = slug;
  while (used.has(`${prefix}${candidate}`)) candidate = `${slug}_${int(random, 10, 99)}`;
  used.add(`${prefix}${candidate}`);
  return candidate;
}

const pageTitles = ['About', 'Contact', 'Privacy', 'Volunteering with us', 'Résumé tips', 'Useful links', 'Archive of letters', 'Comment policy', 'Support & help', 'FAQ'];

// ---------------------------------------------------------------------------------------------
// The plan: everything but the bodies, decided before writing (posts carry their comment counts).

interface PlannedPost {
  id: string;
  published: number;
  updated: number;
  draft: boolean;
  title: string;
  /** Public address; none for a draft. */
  url: string | undefined;
  labels: string[];
  author: Person;
  comments: number;
  /** Index of its first comment in the comment arrays. */
  firstComment: number;
}

/** Numeric Blogger ids: 18-19 digits, below 2^63. */
function idMaker(random: Random): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const id = `${int(random, 100_000_000, 9_199_999_999)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}

/**
 * Comments per post: a long tail, and one post far ahead of the rest with a fifth of all the
 * comments, at most 1,000.
 */
function commentCounts(random: Random, open: number[], total: number): Map<number, number> {
  const counts = new Map<number, number>();
  if (total === 0) return counts;
  if (open.length === 0) throw new Error('Comments need at least one post that is not a draft');
  const hot = open[Math.floor(random() * open.length)]!;
  const others = open.filter((p) => p !== hot);
  const hotCount = others.length === 0 ? total : Math.min(1000, Math.floor(total / 5));
  counts.set(hot, hotCount);
  const rest = total - hotCount;
  if (rest === 0) return counts;
  // Log-normal weights, a sixth of the posts without comments, none expected above 60% of the hot post.
  const weights = others.map(() => (random() < 1 / 6 ? 0 : Math.exp(1.1 * normal(random))));
  let sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    weights.fill(1);
    sum = weights.length;
  }
  const cap = (0.6 * hotCount * sum) / rest;
  const cumulative = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((w, i) => {
    running += Math.min(w, Math.max(cap, sum / weights.length));
    cumulative[i] = running;
  });
  for (let n = 0; n < rest; n++) {
    const target = random() * running;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    const post = others[lo]!;
    counts.set(post, (counts.get(post) ?? 0) + 1);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Output: entries gathered into chunks of about a megabyte, written with backpressure.

interface Output {
  add(text: string): Promise<void>;
  close(): Promise<number>;
}

function openOutput(path: string, imageOrigin: string | undefined): Output {
  const stream = createWriteStream(path);
  let pending: string[] = [];
  let length = 0;
  let bytes = 0;
  const flush = async () => {
    const chunk = Buffer.from(pending.join(''));
    pending = [];
    length = 0;
    bytes += chunk.length;
    const ready = stream.write(chunk);
    // A failed open or write leaves the stream destroyed: 'drain' would never come.
    if (stream.errored) throw stream.errored;
    if (!ready) await once(stream, 'drain');
  };
  return {
    add: async (text) => {
      if (imageOrigin) text = text.replace(bloggerPictureHosts, `${imageOrigin}/`);
      pending.push(text);
      length += text.length;
      if (length >= 1 << 20) await flush();
    },
    close: async () => {
      await flush();
      stream.end();
      await finished(stream);
      return bytes;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Entries, in the order and shape of a real export.

const kind = (name: string): string =>
  `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#${name}'/>`;
const label = (name: string): string => `<category scheme='http://www.blogger.com/atom/ns#' term='${escapeQuoted(name)}'/>`;
const atomLink = (rel: string, href: string): string => `<link rel='${rel}' type='application/atom+xml' href='${escapeQuoted(href)}'/>`;

const blogUrl = 'https://example.blogspot.com/';
const blogTitle = 'Notes from the Waiting Room';

const template = `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE html>
<html b:version='2' class='v2' expr:dir='data:blog.languageDirection' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' xmlns:expr='http://www.google.com/2005/gml/expr'>
  <head>
    <meta content='IE=EmulateIE7' http-equiv='X-UA-Compatible'/>
    <b:include data='blog' name='all-head-content'/>
    <title><data:blog.pageTitle/></title>
    <b:skin><![CDATA[/*
-----------------------------------------------
Blogger Template Style
Name:     Simple
----------------------------------------------- */
body { font: normal normal 12px Arial, Tahoma, Helvetica, FreeSans, sans-serif; color: #222222; }
a:link { text-decoration:none; color: #2288bb; }
.post-body img { padding: 2px; background: #ffffff; border: 1px solid #eeeeee; }
]]></b:skin>
  </head>
  <body expr:class='&quot;loading&quot; + data:blog.mobileClass'>
    <b:section class='main' id='main' showaddelement='no'>
      <b:widget id='Blog1' locked='true' title='Blog Posts' type='Blog'/>
    </b:section>
  </body>
</html>`;

/**
 * [name, description, value]: a selection of the ~50 settings a real export carries. The
 * descriptions are Blogger's own, written as Blogger escapes them.
 */
const settings: [string, string, string][] = [
  ['BLOG_PUBLISHING_MODE', 'The type of publishing done for this blog.', 'PUBLISH_MODE_HOSTED'],
  ['BLOG_ADMIN_PERMISSION', "The list of administrators' emails for the blog.", 'ruth.ellison@example.com'],
  ['BLOG_ADULT_CONTENT', 'Whether this blog contains adult content', 'false'],
  ['BLOG_ARCHIVE_FREQUENCY', 'How frequently this blog should be archived', 'MONTHLY'],
  ['BLOG_COMMENT_ACCESS', 'Who can comment', 'ANYONE'],
  ['BLOG_COMMENT_CAPTCHA', 'Whether to require commenters to complete a Captcha', 'true'],
  ['BLOG_COMMENT_FEED', 'The type of feed to provide for blog comments', 'FULL'],
  ['BLOG_COMMENT_FORM_LOCATION', 'Blog comment form location', 'EMBEDDED_IFRAME'],
  ['BLOG_COMMENT_MESSAGE', 'Blog comment message', 'Please be kind: no names of clients, colleagues or courts.'],
  ['BLOG_COMMENT_MODERATION', 'Whether to enable comment moderation', 'ENABLED'],
  ['BLOG_COMMENT_MODERATION_DELAY', 'Number of days after which new comments are subject to moderation', '14'],
  ['BLOG_COMMENT_MODERATION_EMAIL', 'Email address to send notifications of new comments needing moderation to', 'ruth.ellison@example.com'],
  ['BLOG_COMMENT_PROFILE_IMAGES', 'Whether to show profile images in comments', 'true'],
  ['BLOG_COMMENTS_ALLOWED', 'Whether to show comments', 'true'],
  ['BLOG_CONVERT_LINE_BREAKS', 'Whether to convert line breaks into &lt;br /&gt; tags in post editor', 'true'],
  ['BLOG_DEFAULT_COMMENTS_MODE', 'Default comment mode for posts', 'DEFAULT_HAVE_COMMENTS'],
  ['BLOG_DESCRIPTION', 'A description of the blog', 'Thirty years of probation work, one cup of tea at a time.'],
  ['BLOG_LOCALE', 'Language for this blog', 'en-GB'],
  ['BLOG_MAX_NUM', 'Maximum number of things to show on the main page"', '7'],
  ['BLOG_NAME', 'The name of the blog', blogTitle],
  ['BLOG_PER_POST_FEED', 'The type of feed to provide for per-post comments', 'FULL'],
  ['BLOG_POST_FEED', 'The type of feed to provide for blog posts', 'FULL'],
  ['BLOG_READ_ACCESS_MODE', 'The access type for the readers of the blog.', 'PUBLIC'],
  ['BLOG_SEARCHABLE', 'Whether this blog should be indexed by search engines', 'true'],
  ['BLOG_TIME_ZONE', 'The time zone for this blog', 'America/Chicago'],
  ['BLOG_USE_LIGHTBOX', 'Whether to show images in the Lightbox when clicked', 'false'],
];

/**
 * Writes a Blogger export to `path` and returns what it holds. Posts come newest first, comments
 * oldest first across all posts, as recent exports have them; replies answer an earlier top-level
 * comment on the same post (Blogger threads are one level deep).
 */
export async function writeSyntheticExport(path: string, options: SyntheticExportOptions): Promise<SyntheticExportCounts> {
  const { posts: postCount, comments: commentCount, seed, replyShare = 1 / 3, removedShare = 1 / 100 } = options;
  const draftCount = options.drafts ?? Math.round(postCount / 50);
  const pageCount = options.pages ?? 8;
  for (const [name, value] of Object.entries({ posts: postCount, comments: commentCount, drafts: draftCount, pages: pageCount })) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${value}`);
  }
  if (draftCount > postCount) throw new Error(`drafts (${draftCount}) cannot exceed posts (${postCount})`);
  for (const [name, value] of Object.entries({ replyShare, removedShare })) {
    if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be between 0 and 1, got ${value}`);
  }

  const random = seededRandom(seed);
  const newId = idMaker(random);
  const blogId = newId();
  const tag = `tag:blogger.com,1999:blog-${blogId}`;
  const feeds = `https://www.blogger.com/feeds/${blogId}`;
  const owner = profilePerson(random, 'Ruth Ellison', true);
  const coAuthor = profilePerson(random, 'Dev Okafor', false);
  const commenters = Array.from({ length: Math.min(8000, Math.max(20, Math.round(commentCount / 30))) }, () =>
    random() < 0.8 ? profilePerson(random, personName(random), random() < 0.3) : namedPerson(random, personName(random)),
  );

  // Posts, oldest first while planning.
  const times = Array.from({ length: postCount }, () => firstPostAt + Math.floor((random() * (lastPostAt - firstPostAt)) / minute) * minute + int(random, 0, 9));
  times.sort((a, b) => a - b);
  const order = Array.from({ length: postCount }, (_, i) => i);
  for (let i = 0; i < draftCount; i++) {
    const j = i + Math.floor(random() * (postCount - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const draftSet = new Set(order.slice(0, draftCount));
  const usedAddresses = new Set<string>();
  const planned: PlannedPost[] = times.map((published, i) => {
    const draft = draftSet.has(i);
    const untitled = random() < (draft ? 0.2 : 0.005);
    const title = untitled ? '' : postTitle(random);
    const t = local(published);
    const prefix = `${t.getUTCFullYear()}/${String(t.getUTCMonth() + 1).padStart(2, '0')}/`;
    const url = draft ? undefined : `${blogUrl}${prefix}${uniqueAddress(random, usedAddresses, prefix, titleSlug(title))}.html`;
    const labels = new Set<string>();
    for (let n = int(random, 0, 4); n > 0; n--) labels.add(labelNames[Math.floor(labelNames.length * random() ** 1.6)]!);
    const edited = random();
    const updated = Math.min(exportedAt, published + int(random, 0, 999) + (edited < 0.7 ? int(random, 20, 600) * 1000 : edited < 0.95 ? int(random, 1, 30) * day : int(random, 200, 3000) * day));
    return { id: newId(), published, updated, draft, title, url, labels: [...labels], author: random() < 0.9 ? owner : coAuthor, comments: 0, firstComment: 0 };
  });

  // Comments: counts, then each post's times (strictly increasing), then one global order by time.
  const open = planned.flatMap((post, i) => (post.draft ? [] : [i]));
  const counts = commentCounts(random, open, commentCount);
  const commentTimes = new Float64Array(commentCount);
  const commentPost = new Int32Array(commentCount);
  let next = 0;
  planned.forEach((post, p) => {
    post.comments = counts.get(p) ?? 0;
    post.firstComment = next;
    const delays = Array.from({ length: post.comments }, () => {
      const room = exportedAt - hour - post.published;
      // Most within weeks (log-uniform from 2 minutes to 60 days), a few years later.
      const delay = random() < 0.92 ? 2 * minute * Math.exp(random() * Math.log((60 * day) / (2 * minute))) : 60 * day + random() * 3 * 365 * day;
      return Math.round(delay <= room ? delay : random() * room);
    });
    delays.sort((a, b) => a - b);
    let previous = post.published;
    for (const delay of delays) {
      previous = Math.max(post.published + delay, previous + 1000 + int(random, 0, 999));
      commentTimes[next] = previous;
      commentPost[next] = p;
      next += 1;
    }
  });
  const commentOrder = new Uint32Array(commentCount);
  for (let i = 0; i < commentCount; i++) commentOrder[i] = i;
  commentOrder.sort((a, b) => commentTimes[a]! - commentTimes[b]! || a - b);

  const out = openOutput(path, options.imageOrigin);
  const counted: SyntheticExportCounts = { posts: postCount, drafts: draftCount, pages: pageCount, comments: commentCount, replies: 0, removed: 0, bytes: 0 };
  try {
    // Feed header, template and settings.
    await out.add(
      `<?xml version='1.0' encoding='utf-8'?><?xml-stylesheet href="https://www.blogger.com/styles/atom.css" type="text/css"?>` +
        `<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:gd='http://schemas.google.com/g/2005' ` +
        `xmlns:thr='http://purl.org/syndication/thread/1.0' xmlns:georss='http://www.georss.org/georss'>` +
        `<id>${tag}.archive</id><updated>${atomTime(exportedAt)}</updated><title type='text'>${escapeText(blogTitle)}</title>` +
        `<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' href='${feeds}/archive'/>` +
        `${atomLink('self', `${feeds}/archive`)}<link rel='http://schemas.google.com/g/2005#post' type='application/atom+xml' href='${feeds}/archive'/>` +
        `<link rel='alternate' type='text/html' href='${blogUrl}'/>${owner.xml}<generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>`,
    );
    const created = atomTime(blogCreatedAt);
    const exported = atomTime(exportedAt);
    await out.add(
      `<entry><id>${tag}.layout</id><published>${created}</published><updated>${exported}</updated>${kind('template')}` +
        `<title type='text'>Template: ${escapeText(blogTitle)}</title><content type='text'>${escapeText(template)}</content>` +
        `${atomLink('edit', `${feeds}/template`)}${atomLink('self', `${feeds}/template`)}${owner.xml}</entry>`,
    );
    for (const [name, description, value] of settings) {
      await out.add(
        `<entry><id>${tag}.settings.${name}</id><published>${created}</published><updated>${exported}</updated>${kind('settings')}` +
          `<title type='text'>${description}</title><content type='text'>${escapeText(value)}</content>` +
          `${atomLink('edit', `${feeds}/settings/${name}`)}${atomLink('self', `${feeds}/settings/${name}`)}${owner.xml}</entry>`,
      );
    }

    // Posts, newest first.
    for (let i = postCount - 1, written = 1; i >= 0; i--, written++) {
      await out.add(postEntry(random, planned[i]!, tag, feeds));
      if (written % 500 === 0 || written === postCount) options.progress?.({ posts: written, comments: 0 });
    }

    // Pages.
    const usedPages = new Set<string>();
    const pageTimes = Array.from({ length: pageCount }, () => firstPostAt + Math.floor(random() * (lastPostAt - firstPostAt)));
    pageTimes.sort((a, b) => b - a);
    for (const [n, published] of pageTimes.entries()) {
      const title = n < pageTitles.length ? pageTitles[n]! : `${pick(random, pageTitles)} (${n + 1})`;
      const id = newId();
      const url = `${blogUrl}p/${uniqueAddress(random, usedPages, '', titleSlug(title))}.html`;
      const body = modernPostBody(random);
      await out.add(
        `<entry><id>${tag}.page-${id}</id><published>${atomTime(published)}</published><updated>${atomTime(Math.min(exportedAt, published + int(random, 1, 900) * day))}</updated>` +
          `${kind('page')}<title type='text'>${escapeText(title)}</title><content type='html'>${escapeText(body.html)}</content>` +
          `${atomLink('edit', `${feeds}/pages/default/${id}`)}${atomLink('self', `${feeds}/pages/default/${id}`)}` +
          `<link rel='alternate' type='text/html' href='${url}' title='${escapeQuoted(title)}'/>${owner.xml}</entry>`,
      );
    }

    // Comments, oldest first. Exactly `replies` of the comments that are not the first on their
    // post are replies, and exactly `removed` of all are removed (selection sampling).
    let eligible = commentCount - open.filter((p) => planned[p]!.comments > 0).length;
    let repliesLeft = Math.min(eligible, Math.round(commentCount * replyShare));
    let seen = 0;
    let removedLeft = Math.round(commentCount * removedShare);
    const topLevel = new Map<number, { id: string; name: string }[]>();
    for (let n = 0; n < commentCount; n++) {
      const index = commentOrder[n]!;
      const p = commentPost[index]!;
      const post = planned[p]!;
      const ordinal = index - post.firstComment;
      let isReply = false;
      if (ordinal > 0) {
        isReply = random() * eligible < repliesLeft;
        eligible -= 1;
        if (isReply) repliesLeft -= 1;
      }
      const isRemoved = random() * (commentCount - seen) < removedLeft;
      seen += 1;
      if (isRemoved) removedLeft -= 1;

      const threads = topLevel.get(p) ?? [];
      const parent = isReply ? (random() < 0.5 ? threads[threads.length - 1]! : pick(random, threads)) : undefined;
      const r = random();
      const author =
        r < 0.25 ? undefined : r < (isReply ? 0.45 : 0.29) ? owner : commenters[Math.floor(commenters.length * random() ** 2.2)]!;
      const id = newId();
      const published = commentTimes[index]!;
      let body: CommentBody;
      if (isRemoved) {
        const text = author !== undefined && random() < 0.6 ? 'This comment has been removed by the author.' : 'This comment has been removed by a blog administrator.';
        body = { html: text, text };
      } else {
        body = commentBody(random, parent !== undefined && random() < 0.3 ? parent.name : undefined);
      }
      const self = `${feeds}/${post.id}/comments/default/${id}`;
      await out.add(
        `<entry><id>${tag}.post-${id}</id><published>${atomTime(published)}</published>` +
          `<updated>${atomTime(random() < 0.03 ? published + int(random, 1, 1800) * 1000 : published)}</updated>${kind('comment')}` +
          `<title type='text'>${escapeText(commentTitle(body.text))}</title><content type='html'>${escapeText(body.html)}</content>` +
          `${atomLink('edit', self)}${atomLink('self', self)}` +
          `<link rel='alternate' type='text/html' href='${post.url}?showComment=${published}#c${id}' title=''/>` +
          (parent ? atomLink('related', `${feeds}/${post.id}/comments/default/${parent.id}`) : '') +
          (author?.xml ?? anonymousAuthor) +
          `<thr:in-reply-to href='${post.url}' ref='${tag}.post-${post.id}' source='${feeds}/posts/default/${post.id}' type='text/html'/>` +
          (isRemoved ? "<gd:extendedProperty name='blogger.contentRemoved' value='true'/>" : '') +
          `<gd:extendedProperty name='blogger.itemClass' value='pid-${author?.pid ?? digits(random, 9)}'/>` +
          `<gd:extendedProperty name='blogger.displayTime' value='${displayTime(published)}'/></entry>`,
      );
      if (parent) counted.replies += 1;
      else threads.push({ id, name: author?.name ?? 'Anonymous' });
      if (isRemoved) counted.removed += 1;
      if (ordinal === post.comments - 1) topLevel.delete(p);
      else topLevel.set(p, threads);
      if ((n + 1) % 10_000 === 0 || n + 1 === commentCount) options.progress?.({ posts: postCount, comments: n + 1 });
    }

    await out.add('</feed>');
  } finally {
    counted.bytes = await out.close();
  }
  return counted;
}

function postEntry(random: Random, post: PlannedPost, tag: string, feeds: string): string {
  const body = post.published < Date.UTC(2013, 0, 1) ? legacyPostBody(random) : modernPostBody(random);
  // Blogger puts the kind among the labels, wherever.
  const categories = post.labels.map(label);
  categories.splice(int(random, 0, categories.length), 0, kind('post'));
  const self = `${feeds}/posts/default/${post.id}`;
  const links = post.url
    ? `<link rel='replies' type='application/atom+xml' href='${blogUrl}feeds/${post.id}/comments/default' title='Post Comments'/>` +
      `<link rel='replies' type='text/html' href='${post.url}#comment-form' title='${post.comments} Comments'/>` +
      `${atomLink('edit', self)}${atomLink('self', self)}<link rel='alternate' type='text/html' href='${post.url}' title='${escapeQuoted(post.title)}'/>`
    : `${atomLink('edit', self)}${atomLink('self', self)}`;
  const thumbnail = body.thumbnail ? `<media:thumbnail xmlns:media='http://search.yahoo.com/mrss/' url='${escapeQuoted(body.thumbnail)}' height='72' width='72'/>` : '';
  const place =
    random() < 0.01
      ? `<georss:featurename>Leeds, UK</georss:featurename><georss:point>53.8007554 -1.5490774</georss:point>` +
        `<georss:box>53.6443219 -1.8018198 53.9571889 -1.296335</georss:box>`
      : '';
  return (
    `<entry><id>${tag}.post-${post.id}</id><published>${atomTime(post.published)}</published><updated>${atomTime(post.updated)}</updated>` +
    (post.draft ? "<app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft></app:control>" : '') +
    `${categories.join('')}<title type='text'>${escapeText(post.title)}</title><content type='html'>${escapeText(body.html)}</content>` +
    `${links}${post.author.xml}${thumbnail}<thr:total>${post.comments}</thr:total>${place}</entry>`
  );
}
