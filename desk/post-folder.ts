// The posts folder as the desk sees it: every post file with its state, found by id, and written
// the way an editor's save must be: atomically (a temporary file, then a rename), only over the
// version the editor started from, into content/posts/<year>/<id>.mdx. Files stay the source of
// truth: a post written by hand is listed, opened and saved like any other.
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { zonedDate } from '../site/lib/dates.ts';
import { postFiles } from '../site/lib/post-files.ts';
import { isValidPostId, postIdFromPath, slugifyTitle, uniqueSlug } from '../site/lib/post-id.ts';
import { checkSafeMdx, type SubsetProblem } from './safe-mdx.ts';
import { bodyStartLine, postSource, readPostSource, versionOf, type FieldProblem, type PostFields } from './post-source.ts';

export type PostState = 'published' | 'scheduled' | 'draft';

export interface DeskPost {
  id: string;
  /** The file, relative to the posts folder. */
  file: string;
  format: 'mdx' | 'md';
  version: string;
  /** Undefined when the frontmatter is not valid: the post is listed with its problems. */
  fields?: PostFields | undefined;
  problems: FieldProblem[];
  /** Why the desk will not save this post (a hand-written post outside the safe subset), if it will not. */
  readOnly?: string | undefined;
}

export function stateOf(fields: PostFields, now: number): PostState {
  if (fields.draft) return 'draft';
  return fields.published.getTime() > now ? 'scheduled' : 'published';
}

/** A save refused because the file changed since the editor opened it: the other version, to show. */
export class StaleVersion extends Error {
  readonly current: DeskPost | undefined;
  constructor(current: DeskPost | undefined) {
    super(current ? 'This post was changed since you opened it (by someone else, or on disk).' : 'This post was deleted since you opened it.');
    this.current = current;
  }
}

/** A save refused for what the post says: each problem names its field (body problems, line and column). */
export class InvalidPost extends Error {
  readonly problems: FieldProblem[];
  readonly subset: SubsetProblem[];
  constructor(problems: FieldProblem[], subset: SubsetProblem[] = []) {
    super([...problems.map((p) => `${p.field}: ${p.message}`), ...subset.map((p) => `body, line ${p.line}, column ${p.column}: ${p.message}`)].join('\n'));
    this.problems = problems;
    this.subset = subset;
  }
}

interface Cached {
  mtimeMs: number;
  size: number;
  post: DeskPost;
}

function describe(path: string, text: string, root: string): DeskPost {
  const file = relative(root, path);
  const format = path.endsWith('.md') ? 'md' : 'mdx';
  const read = readPostSource(text);
  const base = { id: postIdFromPath(path), file, format, version: versionOf(text) } as const;
  if ('problems' in read) return { ...base, problems: read.problems, readOnly: `its frontmatter has problems: ${read.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}. Fix the file by hand.` };
  if (format === 'md') return { ...base, fields: read.fields, problems: [], readOnly: 'it is a Markdown (.md) file, which may hold raw HTML the desk does not check. Edit it by hand, or rename it to .mdx.' };
  const subset = checkSafeMdx(read.fields.body);
  const first = bodyStartLine(text);
  const readOnly = subset.length > 0 ? `it uses MDX outside what the desk saves (line ${subset[0]!.line + first - 1}, column ${subset[0]!.column}: ${subset[0]!.message}). Edit it by hand.` : undefined;
  return { ...base, fields: read.fields, problems: [], readOnly };
}

export interface PostFolder {
  readonly root: string;
  /** Every post file the build reads, newest first (files with problems last). */
  list(): Promise<DeskPost[]>;
  get(id: string): Promise<DeskPost | undefined>;
  /** The file's text as it is now. */
  source(post: DeskPost): Promise<string>;
  /**
   * Writes a post. `id` is the existing post's (undefined for a new one, made from the title);
   * `baseVersion` the version the editor started from (undefined for a new one). Returns the post as
   * written, the text written, and the text it replaced (for the history). `overReadOnly` writes over a post the desk
   * otherwise only shows (a removal at the author's request replaces the whole body with the note,
   * which is inside the subset whatever was there; a .md post becomes .mdx, with the same id).
   */
  save(input: { id?: string | undefined; baseVersion?: string | undefined; fields: PostFields; timeZone: string; overReadOnly?: boolean }): Promise<{ post: DeskPost; source: string; previous?: string | undefined }>;
}

const folders = new Map<string, PostFolder>();

/**
 * The posts folder at `root`, one per process: its cache of parsed posts outlives the server's app,
 * which is made again each time a build goes live (5,000 posts are read and checked once, not after
 * every publish).
 */
export function postFolderAt(root: string): PostFolder {
  let folder = folders.get(root);
  if (!folder) {
    folder = postFolder(root, (title, taken) => uniqueSlug(slugifyTitle(title), taken));
    folders.set(root, folder);
  }
  return folder;
}

export function postFolder(root: string, slugFor: (title: string, taken: Set<string>) => string): PostFolder {
  const cache = new Map<string, Cached>();
  /** Saves are one at a time in this process: the version check and the rename go together. */
  let saving = Promise.resolve();

  async function scan(): Promise<DeskPost[]> {
    const paths = await postFiles(root);
    const seen = new Set(paths);
    for (const path of cache.keys()) if (!seen.has(path)) cache.delete(path);
    const posts = await Promise.all(
      paths.map(async (path) => {
        const info = await stat(path).catch(() => undefined);
        if (!info) return undefined;
        const hit = cache.get(path);
        if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit.post;
        const text = await readFile(path, 'utf8').catch(() => undefined);
        if (text === undefined) return undefined;
        const post = describe(path, text, root);
        cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, post });
        return post;
      }),
    );
    return posts.filter((post): post is DeskPost => post !== undefined);
  }

  const time = (post: DeskPost) => post.fields?.published.getTime() ?? -Infinity;

  const folder: PostFolder = {
    root,
    async list() {
      return (await scan()).sort((a, b) => time(b) - time(a) || a.id.localeCompare(b.id));
    },
    async get(id) {
      if (!isValidPostId(id)) return undefined;
      return (await scan()).find((post) => post.id === id);
    },
    source: (post) => readFile(join(root, post.file), 'utf8'),
    save(input) {
      const run = saving.then(() => locked(() => write(input)));
      saving = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
  };

  /**
   * Runs `work` holding the folder's lock file, which every process of a cluster takes before it
   * saves: the version check, the new post's id and the rename go together across processes too.
   * A lock left by a process that died is taken over after 30 seconds.
   */
  async function locked<T>(work: () => Promise<T>): Promise<T> {
    const lock = join(root, '.desk-lock');
    await mkdir(root, { recursive: true });
    for (let attempt = 0; ; attempt++) {
      try {
        await (await open(lock, 'wx')).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const held = await stat(lock).catch(() => undefined);
        if (held && Date.now() - held.mtimeMs > 30_000) await rm(lock, { force: true });
        else if (attempt > 200) throw new Error('Another save of this folder has not finished for 10 seconds: try again.');
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    try {
      return await work();
    } finally {
      await rm(lock, { force: true });
    }
  }

  async function write({ id, baseVersion, fields, timeZone, overReadOnly = false }: Parameters<PostFolder['save']>[0]) {
    const subset = checkSafeMdx(fields.body);
    if (subset.length > 0) throw new InvalidPost([], subset);
    const posts = await scan();
    let existing: DeskPost | undefined;
    if (id !== undefined) {
      existing = posts.find((post) => post.id === id);
      if (!existing || existing.version !== baseVersion) throw new StaleVersion(existing);
      if (existing.readOnly && !overReadOnly) throw new InvalidPost([{ field: 'body', message: `This post cannot be saved from the desk: ${existing.readOnly}` }]);
    }
    const postId = existing?.id ?? slugFor(fields.title, new Set(posts.map((post) => post.id)));
    if (!isValidPostId(postId)) throw new InvalidPost([{ field: 'title', message: 'the title needs at least one letter or digit to name the post' }]);
    const year = zonedDate(fields.published, timeZone).year;
    const path = join(root, String(year), `${postId}.mdx`);
    const text = postSource(fields);
    const previous = existing ? await readFile(join(root, existing.file), 'utf8') : undefined;
    // The version check again, on the bytes: a change on disk since the scan is not overwritten.
    if (existing && previous !== undefined && versionOf(previous) !== baseVersion) throw new StaleVersion(describe(join(root, existing.file), previous, root));
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${postId}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temporary, text, { flag: 'wx', mode: 0o644 });
    try {
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    // A post moved to another year (its date changed): the old file goes once the new one is there.
    if (existing && join(root, existing.file) !== path) await rm(join(root, existing.file), { force: true });
    cache.delete(path);
    const post = describe(path, text, root);
    return { post, source: text, previous };
  }

  return folder;
}
