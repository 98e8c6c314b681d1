import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticExport, type SyntheticExportCounts } from './synthetic-blogger.ts';

const atom = 'http://www.w3.org/2005/Atom';
const kindScheme = 'http://schemas.google.com/g/2005#kind';

interface ParsedEntry {
  id: string;
  kind: string;
  published: number;
  draft: boolean;
  /** Parent comment's id, from <link rel='related'>. */
  parentId: string | undefined;
  /** The post a comment belongs to, from <thr:in-reply-to ref>. */
  postRef: string | undefined;
  total: number | undefined;
  removed: boolean;
  author: { name: string; uri: string | undefined };
  content: string;
}

/** Reads an export with a strict, namespace-aware parser: it throws on anything ill-formed. */
function parseExport(xml: string): { root: Record<string, string>; entries: ParsedEntry[] } {
  const parser = new SaxesParser({ xmlns: true });
  const entries: ParsedEntry[] = [];
  const path: string[] = [];
  let root: Record<string, string> = {};
  let entry: ParsedEntry | undefined;
  let text = '';
  parser.on('opentag', (tag) => {
    path.push(tag.local);
    text = '';
    const attr = (name: string): string => tag.attributes[name]?.value ?? '';
    if (path.length === 1) root = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value]));
    if (tag.local === 'entry' && tag.uri === atom) {
      entry = { id: '', kind: '', published: 0, draft: false, parentId: undefined, postRef: undefined, total: undefined, removed: false, author: { name: '', uri: undefined }, content: '' };
    }
    if (!entry) return;
    if (tag.local === 'category' && attr('scheme') === kindScheme) entry.kind = attr('term').split('#')[1] ?? '';
    if (tag.local === 'link' && attr('rel') === 'related') entry.parentId = attr('href').split('/').pop();
    if (tag.local === 'in-reply-to') entry.postRef = attr('ref');
    if (tag.local === 'extendedProperty' && attr('name') === 'blogger.contentRemoved') entry.removed = attr('value') === 'true';
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    const parent = path[path.length - 2];
    path.pop();
    if (!entry) return;
    if (parent === 'entry' && tag.local === 'id') entry.id = text;
    if (parent === 'entry' && tag.local === 'published') entry.published = Date.parse(text);
    if (parent === 'entry' && tag.local === 'content') entry.content = text;
    if (tag.local === 'draft') entry.draft = text === 'yes';
    if (tag.local === 'total') entry.total = Number(text);
    if (parent === 'author' && tag.local === 'name') entry.author.name = text;
    if (parent === 'author' && tag.local === 'uri') entry.author.uri = text;
    if (tag.local === 'entry') {
      entries.push(entry);
      entry = undefined;
    }
  });
  parser.write(xml).close();
  return { root, entries };
}

const numericId = (id: string): string => id.replace(/^.*\.(post|page)-/, '');

let dir: string;
let counts: SyntheticExportCounts;
let xml: string;
let entries: ParsedEntry[];
let root: Record<string, string>;
const options = { posts: 20, comments: 200, seed: 7, drafts: 2, pages: 3, removedShare: 0.05 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-synthetic-blogger-'));
  counts = await writeSyntheticExport(join(dir, 'export.xml'), options);
  xml = await readFile(join(dir, 'export.xml'), 'utf8');
  ({ root, entries } = parseExport(xml));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const ofKind = (kind: string) => entries.filter((e) => e.kind === kind);

describe('writeSyntheticExport', () => {
  it('writes a well-formed Atom feed in the order of a real export', () => {
    expect(root).toMatchObject({
      xmlns: atom,
      'xmlns:openSearch': 'http://a9.com/-/spec/opensearchrss/1.0/',
      'xmlns:gd': 'http://schemas.google.com/g/2005',
      'xmlns:thr': 'http://purl.org/syndication/thread/1.0',
      'xmlns:georss': 'http://www.georss.org/georss',
    });
    const runs = entries.map((e) => e.kind).filter((kind, i, all) => kind !== all[i - 1]);
    expect(runs).toEqual(['template', 'settings', 'post', 'page', 'comment']);
    const settings = ofKind('settings').map((e) => e.id.replace(/^.*\.settings\./, ''));
    expect(settings).toEqual(expect.arrayContaining(['BLOG_COMMENT_MODERATION', 'BLOG_COMMENT_MODERATION_DELAY']));
    expect(ofKind('page').every((e) => /\.page-\d+$/.test(e.id))).toBe(true);
  });

  it('holds the requested counts, and says so', () => {
    expect(counts).toMatchObject({ posts: 20, drafts: 2, pages: 3, comments: 200, replies: Math.round(200 / 3), removed: 10 });
    expect(counts.bytes).toBe(Buffer.byteLength(xml));
    const comments = ofKind('comment');
    expect(ofKind('post')).toHaveLength(counts.posts);
    expect(ofKind('post').filter((e) => e.draft)).toHaveLength(counts.drafts);
    expect(ofKind('page')).toHaveLength(counts.pages);
    expect(comments).toHaveLength(counts.comments);
    expect(comments.filter((e) => e.parentId !== undefined)).toHaveLength(counts.replies);
    expect(comments.filter((e) => e.removed)).toHaveLength(counts.removed);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it('has every reply answer a top-level comment on the same post, published and written before it', () => {
    const position = new Map(entries.map((e, i) => [numericId(e.id), i]));
    for (const [i, reply] of entries.entries()) {
      if (reply.parentId === undefined) continue;
      const at = position.get(reply.parentId);
      expect(at, `parent of ${reply.id}`).toBeDefined();
      const parent = entries[at!]!;
      expect(parent.kind).toBe('comment');
      expect(parent.postRef).toBe(reply.postRef);
      expect(parent.parentId).toBeUndefined();
      expect(at!).toBeLessThan(i);
      expect(parent.published).toBeLessThan(reply.published);
    }
  });

  it('puts comments on published posts only, each post counting its own in thr:total', () => {
    const posts = new Map(ofKind('post').map((post) => [post.id, post]));
    const perPost = new Map<string, number>();
    for (const comment of ofKind('comment')) {
      const post = posts.get(comment.postRef ?? '');
      expect(post?.draft, `post of ${comment.id}`).toBe(false);
      expect(comment.published).toBeGreaterThan(post!.published);
      perPost.set(post!.id, (perPost.get(post!.id) ?? 0) + 1);
    }
    for (const post of posts.values()) expect(post.total).toBe(perPost.get(post.id) ?? 0);
    // Skewed: one post draws a fifth of the comments (at most 1,000), four times the average here.
    expect([...perPost.values()]).toContain(counts.comments / 5);
  });

  it('writes anonymous, named and removed comments as Blogger does', () => {
    const comments = ofKind('comment');
    const anonymous = comments.filter((c) => c.author.name === 'Anonymous');
    expect(anonymous.length).toBeGreaterThan(0);
    expect(anonymous.every((c) => c.author.uri === undefined)).toBe(true);
    expect(comments.some((c) => c.author.uri?.startsWith('https://www.blogger.com/profile/'))).toBe(true);
    for (const removed of comments.filter((c) => c.removed)) {
      expect(['This comment has been removed by the author.', 'This comment has been removed by a blog administrator.']).toContain(removed.content);
    }
    expect(xml).toMatch(/[é’😊👍🙏]/u);
  });

  it('is the same for the same seed, and different for another', async () => {
    const again = join(dir, 'again.xml');
    const other = join(dir, 'other.xml');
    await writeSyntheticExport(again, options);
    await writeSyntheticExport(other, { ...options, seed: 8 });
    expect(await readFile(again, 'utf8')).toBe(xml);
    expect(await readFile(other, 'utf8')).not.toBe(xml);
  });

  it('serves the bodies’ pictures from another origin when asked, their Blogger paths kept', async () => {
    const local = join(dir, 'local-pictures.xml');
    await writeSyntheticExport(local, { ...options, imageOrigin: 'http://127.0.0.1:9' });
    const bodies = parseExport(await readFile(local, 'utf8')).entries.filter((e) => e.kind === 'post' || e.kind === 'page').map((e) => e.content).join('\n');
    expect(ofKind('post').map((e) => e.content).join('\n')).toMatch(/(googleusercontent\.com|bp\.blogspot\.com)\/.*\/s1600(-h)?\//);
    expect(bodies).not.toMatch(/googleusercontent\.com|bp\.blogspot\.com/);
    expect(bodies).toMatch(/http:\/\/127\.0\.0\.1:9\/.*\/s1600(-h)?\//);
  });
});
