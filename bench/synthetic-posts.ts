// Synthetic posts for the build benchmark: deterministic (seeded) prose with the same frontmatter
// as real posts, written as <year>/<id>.mdx (or .md) under a content folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** mixed: .mdx only for the posts that use MDX components, .md for the rest. */
export type PostFormat = 'mdx' | 'md' | 'mixed';

export interface GenerateOptions {
  dir: string;
  posts: number;
  format: PostFormat;
  seed: number;
  /** Called now and then with the number of posts written so far. */
  progress?: (written: number) => void;
}

export interface GenerateResult {
  files: number;
  /** How many of the files are .mdx. */
  mdxFiles: number;
  words: number;
  bytes: number;
  /** Posts that use <PullQuote> and <Contribution> (MDX only). */
  withComponents: number;
  years: number;
}

/** Mulberry32: small, fast and good enough for test data. Returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

const nouns = `
  office court caseload volunteer mentor probation officer report magistrate licence order review team
  manager database meeting morning evening week month year family hostel tenancy job interview
  appointment letter phone diary kitchen table corridor waiting room duty desk training course placement
  student colleague supervisor programme group session plan risk assessment record breach warning hearing
  judge clerk solicitor bench sentence community project garden workshop charity drop-in cafe library
  bus train station street town city council housing benefit form queue queue system spreadsheet target
  story question answer problem reason decision change habit routine promise mistake lesson success failure
  trust respect patience kindness anger silence conversation note email message visit home door window
`.trim().split(/\s+/);

const verbs = `
  writes reads remembers forgets explains asks answers waits listens watches carries keeps finds loses
  changes builds breaks opens closes follows leads helps supports trusts doubts questions records reports
  visits calls misses notices learns teaches shares returns begins finishes measures counts replaces
`.trim().split(/\s+/);

const adjectives = `
  quiet busy long short early late old new small large careful patient tired hopeful honest difficult
  simple strange familiar ordinary remarkable slow quick local distant cold warm grey bright heavy light
  formal informal anxious steady uncertain generous stubborn practical useful useless hidden obvious
`.trim().split(/\s+/);

const adverbs = `
  slowly quietly often rarely always sometimes carefully eventually honestly suddenly gradually probably
`.trim().split(/\s+/);

const prepositions = ['in', 'on', 'at', 'after', 'before', 'near', 'behind', 'beside', 'without', 'with', 'about', 'under', 'for'];
const connectives = ['and', 'but', 'so', 'because', 'although', 'while', 'until', 'when'];
const determiners = ['the', 'a', 'every', 'that', 'this', 'one', 'another', 'our', 'my', 'their'];
const openers = ['Last week', 'In the end', 'For a while', 'Even so', 'On Tuesday', 'By the spring', 'Looking back', 'Oddly enough', 'To be fair', 'Most days'];

const syllables = `ba be bi bo bu ca ce co da de di do fa fe fi fo ga ge go ha he hi ho ja jo ka ke ki ko
  la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu
  va ve vi vo wa we wi wo ya yo za ze zo bran crin dol fen grat hult mork pell quin sarn tav vex`.trim().split(/\s+/);

/** A rare made-up word, so the vocabulary grows with the corpus as real text does. */
function rareWord(random: Random): string {
  let word = '';
  for (let i = int(random, 2, 4); i > 0; i--) word += pick(random, syllables);
  return word;
}

function noun(random: Random): string {
  return random() < 0.04 ? rareWord(random) : pick(random, nouns);
}

function nounPhrase(random: Random): string {
  const adjective = random() < 0.45 ? `${pick(random, adjectives)} ` : '';
  return `${pick(random, determiners)} ${adjective}${noun(random)}`;
}

function clause(random: Random): string {
  const adverb = random() < 0.2 ? `${pick(random, adverbs)} ` : '';
  const tail = random() < 0.6 ? ` ${pick(random, prepositions)} ${nounPhrase(random)}` : '';
  return `${nounPhrase(random)} ${adverb}${pick(random, verbs)} ${nounPhrase(random)}${tail}`;
}

/** Adds **bold**, *emphasis* or a link around a few words of a sentence, now and then. */
function decorate(random: Random, sentence: string): string {
  const r = random();
  if (r > 0.12) return sentence;
  const words = sentence.split(' ');
  if (words.length < 6) return sentence;
  const at = int(random, 1, words.length - 3);
  const span = words.slice(at, at + 2).join(' ');
  const styled = r < 0.04 ? `**${span}**` : r < 0.08 ? `*${span}*` : `[${span}](/about/)`;
  return [...words.slice(0, at), styled, ...words.slice(at + 2)].join(' ');
}

function sentence(random: Random): string {
  let text = clause(random);
  if (random() < 0.4) text += `, ${pick(random, connectives)} ${clause(random)}`;
  if (random() < 0.15) text = `${pick(random, openers)}, ${text}`;
  const end = random() < 0.08 ? '?' : '.';
  return decorate(random, `${capitalise(text)}${end}`);
}

function paragraph(random: Random, min = 3, max = 6): string {
  return Array.from({ length: int(random, min, max) }, () => sentence(random)).join(' ');
}

function heading(random: Random): string {
  const words = random() < 0.5 ? `${pick(random, adjectives)} ${noun(random)}` : `${pick(random, prepositions)} ${nounPhrase(random)}`;
  return capitalise(words);
}

const countWords = (text: string): number => text.split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length;

/** The 40 labels posts draw from, some far more used than others. */
export const labelNames: readonly string[] = [
  'Courts', 'Volunteers', 'Training', 'History', 'Caseloads', 'IT', 'Guest posts', 'Housing',
  'Mentoring', 'Reports', 'Management', 'Students', 'Prisons', 'Hostels', 'Employment', 'Families',
  'Victims', 'Youth justice', 'Mental health', 'Substance use', 'Reform', 'Policy', 'Research',
  'Community payback', 'Restorative justice', 'Supervision', 'Women', 'Older people', 'Ethics',
  'Wellbeing', 'Books', 'Letters', 'Anniversaries', 'Weekends', 'Travel', 'Winter', 'Summer',
  'Language', 'Money', 'Miscellany',
];

function labelsFor(random: Random): string[] {
  const labels = new Set<string>();
  const wanted = int(random, 1, 3);
  while (labels.size < wanted) labels.add(labelNames[Math.floor(labelNames.length * random() ** 1.6)]!);
  return [...labels];
}

const firstYear = 2010;
const years = 15;

function publishedDate(random: Random): Date {
  const start = Date.UTC(firstYear, 0, 1);
  const end = Date.UTC(firstYear + years, 0, 1);
  const minutes = Math.floor((random() * (end - start)) / 60_000);
  return new Date(start + minutes * 60_000);
}

const quote = (s: string): string => JSON.stringify(s);

interface Post {
  id: string;
  year: number;
  extension: 'md' | 'mdx';
  source: string;
  words: number;
  withComponents: boolean;
}

function makePost(random: Random, n: number, format: PostFormat): Post {
  const titleWords = Array.from({ length: int(random, 2, 5) }, () => (random() < 0.5 ? pick(random, adjectives) : noun(random)));
  const title = `${titleWords.map(capitalise).join(' ')} ${n}`;
  const id = `${titleWords.join('-')}-${n}`;
  const published = publishedDate(random);
  const frontmatter = [
    '---',
    `title: ${quote(title)}`,
    `published: ${published.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    `labels: [${labelsFor(random).map(quote).join(', ')}]`,
    ...(random() < 0.25 ? [`summary: ${quote(sentence(random))}`] : []),
    '---',
  ];

  // Drawn in every format, so that the posts that would use components are the same share (1 in 20).
  const wantsComponents = random() < 1 / 20;
  const withComponents = format !== 'md' && wantsComponents;
  const target = int(random, 650, 950);
  const blocks: string[] = [paragraph(random), paragraph(random)];
  let words = countWords(blocks.join(' '));
  let section = 0;
  let quoted = false;
  let listed = false;
  let pulled = false;
  let contributed = false;
  while (words < target) {
    section += 1;
    const sectionBlocks = [`## ${heading(random)}`, paragraph(random)];
    if (!quoted && section >= 1 && random() < 0.6) {
      sectionBlocks.push(`> ${paragraph(random, 1, 3)}`);
      quoted = true;
    } else if (!listed && section >= 2) {
      const items = Array.from({ length: int(random, 3, 6) }, () => `- ${clause(random)};`);
      sectionBlocks.push(`${paragraph(random, 1, 2)}\n\n${items.join('\n')}`);
      listed = true;
    }
    if (withComponents && !pulled && section >= 1) {
      sectionBlocks.push(`<PullQuote cite="${pick(random, ['a reader', 'a colleague', 'a magistrate', 'a volunteer'])}">${sentence(random)}</PullQuote>`);
      pulled = true;
    } else if (withComponents && !contributed && section >= 2) {
      const year = int(random, firstYear, firstYear + years - 1);
      const received = `${year}-${String(int(random, 1, 12)).padStart(2, '0')}-${String(int(random, 1, 28)).padStart(2, '0')}`;
      sectionBlocks.push(`<Contribution from="a reader" received="${received}">\n\n${paragraph(random)}\n\n${paragraph(random, 2, 4)}\n\n</Contribution>`);
      contributed = true;
    }
    sectionBlocks.push(paragraph(random));
    words += countWords(sectionBlocks.join(' '));
    blocks.push(...sectionBlocks);
  }

  return {
    id,
    year: published.getUTCFullYear(),
    extension: format === 'mdx' || (format === 'mixed' && withComponents) ? 'mdx' : 'md',
    source: `${frontmatter.join('\n')}\n\n${blocks.join('\n\n')}\n`,
    words,
    withComponents,
  };
}

/** Writes `posts` posts into `dir`/<year>/<id>.md or .mdx. Same seed, same files. */
export async function generatePosts(options: GenerateOptions): Promise<GenerateResult> {
  const random = seededRandom(options.seed);
  const result: GenerateResult = { files: 0, mdxFiles: 0, words: 0, bytes: 0, withComponents: 0, years: 0 };
  const madeYears = new Set<number>();
  const batch: Promise<void>[] = [];
  for (let n = 1; n <= options.posts; n++) {
    const post = makePost(random, n, options.format);
    const yearDir = join(options.dir, String(post.year));
    if (!madeYears.has(post.year)) {
      await mkdir(yearDir, { recursive: true });
      madeYears.add(post.year);
    }
    batch.push(writeFile(join(yearDir, `${post.id}.${post.extension}`), post.source));
    result.files += 1;
    if (post.extension === 'mdx') result.mdxFiles += 1;
    result.words += post.words;
    result.bytes += Buffer.byteLength(post.source);
    if (post.withComponents) result.withComponents += 1;
    if (batch.length >= 64) {
      await Promise.all(batch.splice(0));
    }
    if (n % 500 === 0 || n === options.posts) options.progress?.(n);
  }
  await Promise.all(batch);
  result.years = madeYears.size;
  return result;
}
