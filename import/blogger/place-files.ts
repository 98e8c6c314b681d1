// Places the posts and pages: each becomes a Markdown file (body: the cleaned HTML) with its id,
// prepared in a staging folder beside the content and moved in only once the whole export has
// been read. A new post never takes another's file; a file edited since an earlier import is left.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { normaliseLabels } from '../../site/lib/labels.ts';
import { postIdFromPath } from '../../site/lib/post-id.ts';
import type { BlogAuthors } from './authors.ts';
import { cleanBloggerHtml, emptyCleanReport, type CleanReport } from './clean-html.ts';
import { decodeEntities } from './comment-source.ts';
import type { PictureBody, PictureStore } from './images.ts';
import { bloggerNumber, type Entry } from './parse.ts';
import { frontmatter, oldAddress, titleOf, toId, yaml } from './post-file.ts';
import { validDate, type ImportSummary, type PostRecord, type Warn } from './run.ts';

export interface FilePlacer {
  /** Posts and pages read so far, by Blogger number: where their comments go. */
  readonly posts: Map<string, PostRecord>;
  /** The labels' slugs seen on posts. */
  readonly labels: Set<string>;
  /** What cleaning the bodies changed (images, videos, active content). */
  readonly clean: CleanReport;
  /** The pictures being fetched (--fetch-images), if they are. */
  readonly pictures: PictureStore | undefined;
  /**
   * A post or page from the export: its file prepared, its id chosen. With pictures to fetch, the
   * next posts are read while this one's download: files are still placed in the export's order.
   */
  place(entry: Entry, kind: 'post' | 'page', feedUrl: string | undefined): Promise<void>;
  /** Waits until every post and page given is placed. */
  settle(): Promise<void>;
  /** Moves the prepared files in (none in a dry run) and removes the staging folder. */
  moveIn(): Promise<void>;
  /** Removes the staging folder and what was prepared in it. */
  discard(): Promise<void>;
}

export interface PlacerOptions {
  contentDir: string;
  dryRun: boolean;
  skipDrafts: boolean;
  summary: ImportSummary;
  warn: Warn;
  authors: BlogAuthors;
  pictures?: PictureStore | undefined;
}

/** Posts whose pictures are downloaded at once, ahead of placing them. */
const placingAhead = 16;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  return entries.filter((e) => e.isFile() && /\.(md|mdx)$/.test(e.name) && !e.name.startsWith('.') && !e.name.startsWith('_')).map((e) => join(e.parentPath, e.name));
}

const readIfExists = (path: string) => readFile(path, 'utf8').catch(() => undefined);

export async function openFilePlacer({ contentDir, dryRun, skipDrafts, summary, warn, authors, pictures }: PlacerOptions): Promise<FilePlacer> {
  const postsDir = join(contentDir, 'posts');
  const pagesDir = join(contentDir, 'pages');
  const stagingDir = join(contentDir, `.import-${process.pid}-${randomBytes(4).toString('hex')}`);

  // What is already there: ids taken (by file name), so new posts never overwrite another's file.
  const existing = new Map<string, string>();
  for (const file of [...(await listFiles(postsDir)), ...(await listFiles(pagesDir))]) existing.set(`${file.startsWith(pagesDir) ? 'page' : 'post'}:${postIdFromPath(file)}`, file);
  /** Files prepared in the staging folder, with where they go. */
  const prepared: { staged: string; target: string }[] = [];
  const claimed = new Set<string>();
  const posts = new Map<string, PostRecord>();
  const labels = new Set<string>();
  const clean: CleanReport = emptyCleanReport();

  /** Chooses the file for a post or page: its own name, or the next free "-2", "-3" … */
  const claim = async (kind: 'post' | 'page', base: string, content: string, targetFor: (id: string) => string, bloggerPath: string | undefined): Promise<string> => {
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const key = `${kind}:${id}`;
      const other = `${kind === 'post' ? 'page' : 'post'}:${id}`;
      // Posts and pages share one set of ids: a comment thread is keyed by it.
      if (claimed.has(key) || claimed.has(other) || existing.has(other)) continue;
      const current = existing.get(key);
      const target = current ?? targetFor(id);
      if (current) {
        const text = await readIfExists(current);
        if (text === content) {
          summary.files.unchanged++;
        } else if (text !== undefined && bloggerPath && text.includes(`bloggerPath: ${yaml(bloggerPath)}`)) {
          // Imported before, then edited here: the edits win.
          summary.files.keptEdited++;
        } else {
          continue; // another post's file: try the next name
        }
      } else {
        const staged = join(stagingDir, relative(contentDir, target));
        if (!dryRun) {
          await mkdir(dirname(staged), { recursive: true });
          await writeFile(staged, content);
        }
        prepared.push({ staged, target });
        summary.files.written++;
      }
      claimed.add(key);
      if (n > 1 && bloggerPath) summary.collisions.push({ bloggerPath, id });
      return id;
    }
  };

  const placeEntry = async (entry: Entry, kind: 'post' | 'page', feedUrl: string | undefined, withPictures: Promise<PictureBody> | undefined) => {
    const number = bloggerNumber(entry.id);
    if (!number) return warn(`Line ${entry.line}: a ${kind} without a Blogger id was skipped.`);
    const published = validDate(entry.published);
    if (published === undefined) {
      warn(`Line ${entry.line}: the ${kind} "${entry.title}" has no valid publication date ("${entry.published}") and was skipped.`);
      return;
    }
    if (entry.draft && skipDrafts) {
      summary.skipped.drafts++;
      posts.set(number, {
        number,
        id: '',
        kind,
        draft: true,
        skipped: true,
        published,
      });
      return;
    }
    if (entry.author?.uri) authors.add(entry.author.uri);
    const address = oldAddress(entry);
    const title = titleOf(entry, entry.draft ? 'Untitled draft' : 'Untitled');
    const base = toId(address?.name ?? '') || toId(title) || `${kind}-${number}`;
    if (address && toId(address.name) !== address.name) warn(`The address ${address.path ?? address.url} becomes the id "${base}" (ids use lower-case letters, digits and hyphens); the old address still redirects.`);
    const fetched = await withPictures;
    const body = fetched?.html ?? cleanBloggerHtml(entry.content, address?.url ?? feedUrl, clean);
    const updated = validDate(entry.updated);
    const fields: Record<string, string | boolean | string[] | undefined> = {
      title,
      published: new Date(published).toISOString(),
      updated: updated !== undefined && updated > published ? new Date(updated).toISOString() : undefined,
    };
    let id: string;
    if (kind === 'post') {
      const postLabels = normaliseLabels(entry.labels.map((l) => decodeEntities(l)).filter((l) => l.length <= 80 && /[\p{L}\p{N}]/u.test(l)));
      for (const label of postLabels) labels.add(label.slug);
      Object.assign(fields, {
        labels: postLabels.map((l) => l.name),
        author: entry.author?.name ? entry.author.name.slice(0, 120) : undefined,
        draft: entry.draft ? true : undefined,
        bloggerPath: address?.path,
      });
      const content = `${frontmatter(fields)}${body}\n`;
      const year = new Date(published).getUTCFullYear();
      id = await claim('post', base, content, (candidate) => join(postsDir, String(year), `${candidate}.md`), address?.path);
      if (entry.draft) summary.drafts++;
      else summary.posts++;
    } else {
      Object.assign(fields, {
        draft: entry.draft ? true : undefined,
        bloggerPath: address?.path,
      });
      const content = `${frontmatter(fields)}${body}\n`;
      id = await claim('page', base, content, (candidate) => join(pagesDir, `${candidate}.md`), address?.path);
      if (entry.draft) summary.drafts++;
      else summary.pages++;
    }
    if (fetched && fetched.local + fetched.failed.length > 0) {
      summary.images.byPost.push({ post: id, local: fetched.local, failed: fetched.failed.length });
      for (const failure of fetched.failed) summary.images.failed.push({ post: id, ...failure });
    }
    posts.set(number, {
      number,
      id,
      kind,
      draft: entry.draft,
      skipped: false,
      published,
    });
  };

  // In the export's order, each post once its pictures are here; a few posts ahead at most.
  let placed: Promise<void> = Promise.resolve();
  const ahead: Promise<void>[] = [];
  const settle = () => placed;
  const place = async (entry: Entry, kind: 'post' | 'page', feedUrl: string | undefined) => {
    if (!pictures || (entry.draft && skipDrafts)) {
      await placed;
      return placeEntry(entry, kind, feedUrl, undefined);
    }
    const withPictures = pictures.body(entry.content, oldAddress(entry)?.url ?? feedUrl, clean);
    withPictures.catch(() => undefined); // its error is the placing's, awaited below
    placed = placed.then(() => placeEntry(entry, kind, feedUrl, withPictures));
    placed.catch(() => undefined);
    ahead.push(placed);
    if (ahead.length >= placingAhead) await ahead.shift();
  };

  return {
    posts,
    labels,
    clean,
    pictures,
    place,
    settle,
    async moveIn() {
      await settle();
      if (!dryRun) {
        for (const { staged, target } of prepared) {
          await mkdir(dirname(target), { recursive: true });
          await rename(staged, target);
        }
      }
      await rm(stagingDir, { recursive: true, force: true });
    },
    async discard() {
      await settle().catch(() => undefined);
      await rm(stagingDir, { recursive: true, force: true });
    },
  };
}
