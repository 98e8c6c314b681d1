// Places the posts and pages: each becomes a Markdown file (body: the cleaned HTML) with its id,
// prepared in a staging folder beside the content and moved in only once the whole export has
// been read. A new post never takes another's file; a file edited since an earlier import is left.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { normaliseLabels } from '../../site/lib/labels.ts';
import { postIdFromPath } from '../../site/lib/post-id.ts';
import type { BlogAuthors } from './authors.ts';
import { cleanBloggerHtml, emptyCleanReport, type CleanReport } from './clean-html.ts';
import type { FinishFile } from './finish-bodies.ts';
import { decodeEntities } from './comment-source.ts';
import type { PictureBody, PictureStore } from './images.ts';
import { openWrittenFiles } from './written-files.ts';
import { bloggerNumber, type Entry } from './parse.ts';
import { frontmatter, oldAddress, titleOf, toId, yaml } from './post-file.ts';
import { notePost, postRecord, validDate, type ImportSummary, type PostRecord, type Warn } from './run.ts';

export interface FilePlacer {
  /** Posts and pages read so far, by Blogger number: where their comments go. */
  readonly posts: Map<string, PostRecord>;
  /** The labels' slugs seen on posts. */
  readonly labels: Set<string>;
  /** What cleaning the bodies changed (images, videos, active content). */
  readonly clean: CleanReport;
  /** The old blog's address, as the export's feed names it. */
  readonly blogUrl: string | undefined;
  /** The pictures being fetched (--fetch-images), if they are. */
  readonly pictures: PictureStore | undefined;
  /**
   * A post or page from the export: its file staged, its id chosen when it has an old address. With
   * pictures to fetch, the next posts are read while this one's download: files are still staged in
   * the export's order.
   */
  place(entry: Entry, kind: 'post' | 'page', feedUrl: string | undefined): Promise<void>;
  /** Waits until every post and page given is staged. */
  allPlaced(): Promise<void>;
  /**
   * Once the whole export is read: each staged file's last pass (links, jump break, structure),
   * the ids of entries without an old address, and which files are written, already there, or
   * edited since and left.
   */
  settle(finish: FinishFile): Promise<void>;
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

// Blogger's newer editor writes its jump break as a comment, which cleaning removes: as the older anchor, it stays.
const withJumpBreak = (html: string) => html.replace(/<!--\s*more\s*-->/i, '<a name="more"></a>');

const readIfExists = (path: string) => readFile(path, 'utf8').catch(() => undefined);

export async function openFilePlacer({ contentDir, dryRun, skipDrafts, summary, warn, authors, pictures }: PlacerOptions): Promise<FilePlacer> {
  const postsDir = join(contentDir, 'posts');
  const pagesDir = join(contentDir, 'pages');
  // A dry run stages its files too (to count what the last pass changes), outside the content.
  const stagingDir = join(dryRun ? tmpdir() : contentDir, `.import-${process.pid}-${randomBytes(4).toString('hex')}`);

  // What is already there: ids taken (by file name), so new posts never overwrite another's file.
  const existing = new Map<string, string>();
  for (const file of [...(await listFiles(postsDir)), ...(await listFiles(pagesDir))]) existing.set(`${file.startsWith(pagesDir) ? 'page' : 'post'}:${postIdFromPath(file)}`, file);
  /** Files prepared in the staging folder, with where they go. */
  const prepared: { staged: string; target: string }[] = [];
  const written = await openWrittenFiles(contentDir);
  const claimed = new Set<string>();
  const posts = new Map<string, PostRecord>();
  const labels = new Set<string>();
  const clean: CleanReport = emptyCleanReport();
  /** Entries read, their files staged as read, in export order. */
  const pending: { record: PostRecord; base: string; staged: string; targetFor: (id: string) => string; current: string | undefined; claimed: boolean }[] = [];
  let blogUrl: string | undefined;

  /**
   * Chooses the file for a post or page: its own name, or the next free "-2", "-3" … A file already
   * there is this entry's when it names the entry's old path, or (an entry without one) says the same.
   */
  const claim = async (kind: 'post' | 'page', base: string, bloggerPath: string | undefined, content: string | undefined): Promise<{ id: string; current: string | undefined }> => {
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const key = `${kind}:${id}`;
      const other = `${kind === 'post' ? 'page' : 'post'}:${id}`;
      // Posts and pages share one set of ids: a comment thread is keyed by it.
      if (claimed.has(key) || claimed.has(other) || existing.has(other)) continue;
      const current = existing.get(key);
      if (current) {
        const text = await readIfExists(current);
        const ours = text !== undefined && (bloggerPath ? text.includes(`bloggerPath: ${yaml(bloggerPath)}`) : text === content);
        if (!ours) continue; // another post's file: try the next name
      }
      claimed.add(key);
      if (n > 1 && bloggerPath) summary.collisions.push({ bloggerPath, id });
      return { id, current };
    }
  };

  /** Stages an entry's file as read; its links are settled once every entry is read (settle()). */
  const stage = async (record: PostRecord, base: string, content: string, targetFor: (id: string) => string) => {
    const staged = join(stagingDir, 'read', `${pending.length}.md`);
    if (pending.length === 0) await mkdir(dirname(staged), { recursive: true });
    await writeFile(staged, content);
    // An entry with an old path has its id now (links to it need it); one without, once its text is final.
    const claimedNow = record.bloggerPath ? await claim(record.kind, base, record.bloggerPath, undefined) : undefined;
    if (claimedNow) record.id = claimedNow.id;
    pending.push({ record, base, staged, targetFor, current: claimedNow?.current, claimed: claimedNow !== undefined });
  };

  const placeEntry = async (entry: Entry, kind: 'post' | 'page', feedUrl: string | undefined, withPictures: Promise<PictureBody> | undefined) => {
    const refuse = (reason: string) => {
      summary.refused.push({ kind, title: titleOf(entry, 'Untitled'), line: entry.line, reason });
      warn(`Line ${entry.line}: ${reason}`);
    };
    const number = bloggerNumber(entry.id);
    if (!number) return refuse(`a ${kind} without a Blogger id was skipped.`);
    const published = validDate(entry.published);
    if (published === undefined) return refuse(`the ${kind} "${entry.title}" has no valid publication date ("${entry.published}") and was skipped.`);
    if (entry.draft && skipDrafts) {
      summary.skipped.drafts++;
      posts.set(number, postRecord({ number, id: '', kind, draft: true, skipped: true, published, title: titleOf(entry, 'Untitled draft'), oldUrl: undefined, file: undefined }));
      return;
    }
    if (entry.author?.uri) authors.add(entry.author.uri);
    const address = oldAddress(entry);
    const title = titleOf(entry, entry.draft ? 'Untitled draft' : 'Untitled');
    const base = toId(address?.name ?? '') || toId(title) || `${kind}-${number}`;
    const renamed = address && toId(address.name) !== address.name ? `The address ${address.path ?? address.url} becomes the id "${base}" (ids use lower-case letters, digits and hyphens); the old address still redirects.` : undefined;
    if (renamed) warn(renamed);
    blogUrl ??= feedUrl;
    const fetched = await withPictures;
    const body = fetched?.html ?? cleanBloggerHtml(withJumpBreak(entry.content), address?.url ?? feedUrl, clean);
    const updated = validDate(entry.updated);
    const fields: Record<string, string | boolean | string[] | undefined> = {
      title,
      published: new Date(published).toISOString(),
      updated: updated !== undefined && updated > published ? new Date(updated).toISOString() : undefined,
    };
    const record = postRecord({ number, id: '', kind, draft: entry.draft, skipped: false, published, title, oldUrl: address?.url, file: undefined });
    record.bloggerPath = address?.path;
    if (renamed) notePost(record, renamed);
    posts.set(number, record);
    if (kind === 'post') {
      const postLabels = normaliseLabels(entry.labels.map((l) => decodeEntities(l)).filter((l) => l.length <= 80 && /[\p{L}\p{N}]/u.test(l)));
      for (const label of postLabels) labels.add(label.slug);
      Object.assign(fields, {
        labels: postLabels.map((l) => l.name),
        author: entry.author?.name ? entry.author.name.slice(0, 120) : undefined,
        draft: entry.draft ? true : undefined,
        bloggerPath: address?.path,
        bloggerId: number,
      });
      const year = new Date(published).getUTCFullYear();
      await stage(record, base, `${frontmatter(fields)}${body}\n`, (candidate) => join(postsDir, String(year), `${candidate}.md`));
      if (entry.draft) summary.drafts++;
      else summary.posts++;
    } else {
      Object.assign(fields, {
        draft: entry.draft ? true : undefined,
        bloggerPath: address?.path,
        bloggerId: number,
      });
      await stage(record, base, `${frontmatter(fields)}${body}\n`, (candidate) => join(pagesDir, `${candidate}.md`));
      if (entry.draft) summary.drafts++;
      else summary.pages++;
    }
    if (fetched && fetched.local + fetched.failed.length > 0) record.images = { local: fetched.local, failed: fetched.failed };
  };

  const settle = async (finish: FinishFile) => {
    for (const { record, base, staged, targetFor, current: claimedFile, claimed } of pending) {
      const { content, record: recordChanges } = finish(await readFile(staged, 'utf8'), record.kind);
      await rm(staged);
      let current = claimedFile;
      if (!claimed) ({ id: record.id, current } = await claim(record.kind, base, undefined, content));
      recordChanges(record.id);
      // Its pictures, listed by its id now that it has one.
      if (record.images) {
        summary.images.byPost.push({ post: record.id, local: record.images.local, failed: record.images.failed.length });
        for (const failure of record.images.failed) summary.images.failed.push({ post: record.id, ...failure });
      }
      if (record.id !== base) notePost(record, `Another post had its file name: this one is "${record.id}".`);
      const text = current ? await readIfExists(current) : undefined;
      if (current && text === content) {
        summary.files.unchanged++;
        record.file = 'unchanged';
        written.wrote(current, content);
      } else if (current && !(text !== undefined && written.asWritten(current, text))) {
        summary.files.keptEdited++; // imported before, then edited here: the edits win
        record.file = 'keptEdited';
      } else {
        // New, or as the last import wrote it and changed on Blogger since.
        record.file = current ? 'updated' : 'written';
        const target = current ?? targetFor(record.id);
        written.wrote(target, content);
        const file = join(stagingDir, relative(contentDir, target));
        if (!dryRun) {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, content);
        }
        prepared.push({ staged: file, target });
        summary.files[record.file]++;
      }
    }
  };

  // In the export's order, each post once its pictures are here; a few posts ahead at most.
  let placed: Promise<void> = Promise.resolve();
  const ahead: Promise<void>[] = [];
  const allPlaced = () => placed;
  const place = async (entry: Entry, kind: 'post' | 'page', feedUrl: string | undefined) => {
    if (!pictures || (entry.draft && skipDrafts)) {
      await placed;
      return placeEntry(entry, kind, feedUrl, undefined);
    }
    const withPictures = pictures.body(withJumpBreak(entry.content), oldAddress(entry)?.url ?? feedUrl, clean);
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
    get blogUrl() {
      return blogUrl;
    },
    pictures,
    place,
    allPlaced,
    settle,
    async moveIn() {
      await allPlaced();
      if (!dryRun) {
        for (const { staged, target } of prepared) {
          await mkdir(dirname(target), { recursive: true });
          await rename(staged, target);
        }
        await written.save();
      }
      await rm(stagingDir, { recursive: true, force: true });
    },
    async discard() {
      await allPlaced().catch(() => undefined);
      await rm(stagingDir, { recursive: true, force: true });
    },
  };
}
