// Test data for the API benchmark (bench/api.ts): a libSQL database of comments written through the
// comment store's bulk import into the project's own schema (api/db/database.ts applies the
// migrations), and the minimal dist/ folder the server needs (posts.json, index.html, 404.html).
// Deterministic for a seed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importThreads, type ImportedComment } from '../api/comments/store.ts';
import { openDatabase } from '../api/db/database.ts';
import { seededRandom } from './synthetic-posts.ts';

export type Random = () => number;

const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const words = `
  the a and of to in that it is was for on with as at by this but from they we you not be have had
  are one all were when there can so if what about which their out up them then she many some would
  like into time has more two way could people than first been call who its now find long down day
  did get come made may part thanks post really think agree read years ago same thing happened
  my brother friend office court volunteer mentor probation report magistrate review team manager
  meeting morning evening week month family hostel tenancy job interview appointment letter phone
  kitchen table corridor waiting room training course placement student colleague supervisor group
  session plan risk assessment record warning hearing judge solicitor community project garden
  workshop charity library bus train station street town council housing benefit form queue story
  question answer problem reason decision change habit routine promise mistake lesson success trust
  respect patience kindness silence conversation note email message visit home door window remember
  explains asks waits listens keeps finds changes helps supports doubts follows writes honest hard
  simple quiet small old new good better worse kind patient tired hopeful careful slow quick
`
  .trim()
  .split(/\s+/);

const names = ['Sam', 'Jo', 'Priya', 'Tom K', 'Aisha', 'Dev', 'Maggie', 'Old Reader', 'Chris from Leeds', 'Nadia'];

/** Markdown-ish source and the sanitised HTML the server would have stored for it. */
export function commentText(random: Random, minWords: number, maxWords: number): { source: string; html: string } {
  const total = int(random, minWords, maxWords);
  const paragraphs: string[][] = [];
  let sentence: string[] = [];
  let paragraph: string[] = [];
  for (let i = 0; i < total; i++) {
    let word = pick(random, words);
    if (random() < 0.02) word = `*${word}*`;
    sentence.push(word);
    if (sentence.length >= int(random, 6, 16) || i === total - 1) {
      const text = sentence.join(' ');
      paragraph.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}${random() < 0.15 ? '?' : '.'}`);
      sentence = [];
      if (paragraph.length >= int(random, 2, 5) || i === total - 1) {
        paragraphs.push(paragraph);
        paragraph = [];
      }
    }
  }
  const source = paragraphs.map((p) => p.join(' ')).join('\n\n');
  const html = paragraphs.map((p) => `<p>${p.join(' ').replace(/\*([a-z]+)\*/g, '<em>$1</em>')}</p>`).join('\n');
  return { source, html };
}

export interface BenchPost {
  id: string;
  title: string;
  url: string;
  published: string;
  labels: [];
  comments: 'open';
}

export interface SeedPlan {
  posts: number;
  comments: number;
  /** The post with exactly bigCount comments, and the one with exactly smallCount. */
  bigPost: string;
  bigCount: number;
  smallPost: string;
  smallCount: number;
  seed: number;
}

export const defaultPlan: SeedPlan = {
  posts: 10_000,
  comments: 250_000,
  bigPost: 'post-05000',
  bigCount: 500,
  smallPost: 'post-05001',
  smallCount: 20,
  seed: 1,
};

export const postId = (n: number): string => `post-${String(n).padStart(5, '0')}`;

/** The first comment is written this long ago; each later one comes ~1–3 minutes after. */
const firstCommentAt = Date.UTC(2025, 0, 1);

export function benchPosts(plan: SeedPlan): BenchPost[] {
  return Array.from({ length: plan.posts }, (_, i) => {
    const id = postId(i + 1);
    return {
      id,
      title: `Benchmark post ${i + 1}`,
      url: `/posts/${id}/`,
      // Older than every comment, spread over the years before.
      published: new Date(firstCommentAt - (plan.posts - i) * 3_600_000).toISOString(),
      labels: [],
      comments: 'open',
    };
  });
}

/** Writes dist/posts.json, dist/index.html and dist/404.html. */
export async function writeDist(dir: string, posts: readonly BenchPost[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const page = (title: string) => `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
  await Promise.all([
    writeFile(join(dir, 'posts.json'), JSON.stringify(posts)),
    writeFile(join(dir, 'index.html'), page('Befriend (benchmark)')),
    writeFile(join(dir, '404.html'), page('Not found')),
  ]);
}

/** Comments per post: exact counts for the two measured posts, a skewed spread for the rest. */
export function commentCounts(plan: SeedPlan, random: Random): Map<string, number> {
  const counts = new Map<string, number>();
  const others: string[] = [];
  for (let i = 1; i <= plan.posts; i++) {
    const id = postId(i);
    if (id !== plan.bigPost && id !== plan.smallPost) others.push(id);
  }
  const rest = plan.comments - plan.bigCount - plan.smallCount;
  if (rest < 0 || others.length === 0) throw new Error('The plan has fewer comments than its two fixed threads.');
  // Log-normal weights: most posts get a couple of dozen comments, a few ten times that; none
  // reaches the big thread (capped at 60% of it), so that one stays the largest.
  const cap = Math.floor(plan.bigCount * 0.6);
  if (others.length * cap < rest) throw new Error('Too many comments for the posts: raise the number of posts.');
  const weights = others.map(() => Math.exp(0.8 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
  const sum = weights.reduce((a, b) => a + b, 0);
  let given = 0;
  others.forEach((id, i) => {
    const n = Math.min(cap, Math.floor((rest * weights[i]!) / sum));
    counts.set(id, n);
    given += n;
  });
  // What rounding and the cap left over, one each to random posts below the cap.
  while (given < rest) {
    const id = pick(random, others);
    const n = counts.get(id)!;
    if (n >= cap) continue;
    counts.set(id, n + 1);
    given++;
  }
  counts.set(plan.bigPost, plan.bigCount);
  counts.set(plan.smallPost, plan.smallCount);
  return counts;
}

const rowsPerBatch = 5000;

export interface SeedResult {
  comments: number;
  replies: number;
  removed: number;
  hidden: number;
  bytes: number;
}

/**
 * Creates the database at `url` (a file: URL) and fills it. Comments are written in id order with
 * created_at increasing with id; posts are interleaved so every thread spans the whole period.
 */
export async function seedDatabase(url: string, plan: SeedPlan, progress: (written: number, total: number) => void): Promise<SeedResult> {
  const random = seededRandom(plan.seed);
  const counts = commentCounts(plan, random);
  // One slot per comment, in time order: which post it belongs to.
  const timeline: string[] = [];
  for (const [id, n] of counts) for (let i = 0; i < n; i++) timeline.push(id);
  for (let i = timeline.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [timeline[i], timeline[j]] = [timeline[j]!, timeline[i]!];
  }

  const db = await openDatabase({ url });
  // Published comments of each post so far (candidates for replies).
  const earlier = new Map<string, number[]>();
  const result: SeedResult = { comments: 0, replies: 0, removed: 0, hidden: 0, bytes: 0 };
  let at = firstCommentAt;
  /**
   * This batch's comments in id order (rows appended at the table's end, as the server's writes
   * leave them), written through the comment store's bulk import: each thread's version bumped once.
   */
  let pending: ImportedComment[] = [];
  const hex = '0123456789abcdef';

  const flushBatch = async () => {
    if (pending.length === 0) return;
    const { statements } = importThreads(pending.map((comment) => ({ postId: comment.postId, comments: [comment] })));
    pending = [];
    await db.batch(statements, 'write');
    progress(result.comments, timeline.length);
  };

  try {
    for (const [index, post] of timeline.entries()) {
      const id = index + 1;
      at += int(random, 60_000, 180_000);
      const previous = earlier.get(post) ?? [];
      const parent = previous.length > 0 && random() < 1 / 3 ? pick(random, previous) : null;
      const roll = random();
      const status = roll < 0.04 ? 'removed_by_author' : roll < 0.05 ? 'hidden' : 'published';
      const named = status !== 'removed_by_author' && random() < 0.3;
      const text = status === 'removed_by_author' ? undefined : commentText(random, 40, 120);
      let hash = '';
      for (let i = 0; i < 64; i++) hash += hex[Math.floor(random() * 16)];
      pending.push({
        id,
        postId: post,
        parent: parent === null ? null : { id: parent },
        authorName: named ? pick(random, names) : null,
        authorKind: named ? 'named' : 'anonymous',
        bodySource: text?.source ?? null,
        bodyHtml: text?.html ?? null,
        status,
        removalKeyHash: hash,
        createdAt: at,
        updatedAt: status === 'published' ? at : at + 3_600_000,
      });
      result.comments++;
      if (parent !== null) result.replies++;
      if (status === 'removed_by_author') result.removed++;
      if (status === 'hidden') result.hidden++;
      result.bytes += (text?.source.length ?? 0) + (text?.html.length ?? 0);
      if (status === 'published') {
        previous.push(id);
        earlier.set(post, previous);
      }
      if (pending.length >= rowsPerBatch) await flushBatch();
    }
    // Every thread with comments has a version row, as the server's writes would have left.
    await flushBatch();
    // Leave a small WAL behind: the server starts from a checkpointed file.
    await db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return result;
}
