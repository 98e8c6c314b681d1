// Imports a Blogger export: posts and pages become Markdown files (body: the cleaned HTML), comments
// go into the database through the comment board's own renderer, threads and placeholders intact.
// Nothing is half-written: files are prepared in a temporary folder and moved in only once the
// whole export has been read; each post's comments are one transaction. Running it again changes
// nothing (files compared, comments keyed by their Blogger id).
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { InStatement } from '@libsql/client';
import { normaliseLabels, labelSlug } from '../../site/lib/labels.ts';
import { isValidPostId, postIdFromPath } from '../../site/lib/post-id.ts';
import type { Database } from '../../api/db/database.ts';
import { clientBatch, type BatchWrite } from '../../api/db/write-queue.ts';
import { escapeHtml } from '../../site/lib/html.ts';
import { cleanName } from '../../api/comments/clean-text.ts';
import { sanitizeCommentHtml } from '../../api/render/markdown.ts';
import { saveSettings, type Settings } from '../../api/settings.ts';
import { cleanBloggerHtml, emptyCleanReport, type CleanReport } from './clean-html.ts';
import { bloggerCommentToMarkdown, decodeEntities, removedBy } from './comment-source.ts';
import { bloggerNumber, ExportError, readExport, type Entry, type FeedInfo } from './parse.ts';
import { openStaging, type StagedComment } from './staging.ts';

export { ExportError };

export interface Renderer {
  render(source: string): Promise<string>;
  /** Several at once (one round trip to a worker); each result the HTML or that source's error. */
  renderBatch?(sources: readonly string[]): Promise<(string | Error)[]>;
}

export interface ImportOptions {
  file: string;
  /** Posts go to <contentDir>/posts/<year>/, pages to <contentDir>/pages/. */
  contentDir: string;
  db: Database;
  /** Write batches (off the main thread for a file database); defaults to the client. */
  batch?: BatchWrite;
  renderer: Renderer;
  dryRun?: boolean;
  skipDrafts?: boolean;
  applySettings?: boolean;
  progress?: (progress: Progress) => void;
  /** Called once every comment is rendered (the renderer may be closed then). */
  renderingDone?: () => unknown;
}

export interface Progress {
  phase: 'reading' | 'comments';
  done: number;
  total: number;
  posts: number;
  comments: number;
}

export interface ImportSummary {
  dryRun: boolean;
  posts: number;
  drafts: number;
  pages: number;
  labels: number;
  comments: number;
  replies: number;
  placeholders: number;
  /** Of the comments, those on pages (threads work the same there). */
  commentsOnPages: number;
  /** Files written (new or changed) and left as they were (already imported, or edited since). */
  files: { written: number; unchanged: number; keptEdited: number };
  /** Comments stored now, and those already in the database from an earlier import. */
  stored: { added: number; alreadyThere: number };
  skipped: {
    templates: number;
    settings: number;
    otherEntries: number;
    drafts: number;
    commentsWithoutPost: number;
    emptyComments: number;
  };
  images: { blogger: number; other: number };
  videos: number;
  removedContent: number;
  /** Old file names that two posts shared, and the ids they were given. */
  collisions: { bloggerPath: string; id: string }[];
  warnings: string[];
  settings: {
    moderation: string | undefined;
    delayDays: number | undefined;
    applied: Partial<Settings> | undefined;
  };
}

interface PostRecord {
  number: string;
  id: string;
  kind: 'post' | 'page';
  draft: boolean;
  skipped: boolean;
  published: number;
}

type RawComment = StagedComment;

const maxWarnings = 200;

/** YAML double-quoted scalars accept JSON strings. */
const yaml = (value: string) => JSON.stringify(value);

function frontmatter(fields: Record<string, string | boolean | string[] | undefined>): string {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) lines.push(`${key}: [${value.map(yaml).join(', ')}]`);
    else if (typeof value === 'boolean') lines.push(`${key}: ${value}`);
    else lines.push(`${key}: ${yaml(value)}`);
  }
  lines.push('---', '');
  return lines.join('\n');
}

function validDate(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The post's old address, its file name, and the path the server will redirect: Blogger's own
 * shape (/yyyy/mm/name.html, /p/name.html) whatever came before it (old exports put posts under
 * www.blogger.com/blogspot/<blog>/…).
 */
function oldAddress(entry: Entry): { url: string; path: string | undefined; name: string } | undefined {
  const alternate = entry.links.find((link) => link.rel === 'alternate' && /\.html(\?|#|$)/.test(link.href));
  if (!alternate) return undefined;
  try {
    const url = new URL(alternate.href);
    const name = decodeURIComponent(url.pathname.split('/').pop() ?? '').replace(/\.html$/, '');
    const shape = /(\/\d{4}\/\d{2}\/[^/]+\.html)$/.exec(url.pathname)?.[1] ?? /(\/p\/[^/]+\.html)$/.exec(url.pathname)?.[1];
    return name ? { url: url.href, path: shape, name } : undefined;
  } catch {
    return undefined;
  }
}

/** Lower-case letters, digits and hyphens, as post ids must be. */
function toId(text: string): string {
  const slug = labelSlug(text)
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100)
    .replace(/-$/, '');
  return isValidPostId(slug) ? slug : '';
}

function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

function titleOf(entry: Entry, fallback: string): string {
  const title = decodeEntities(entry.title).replace(/\s+/g, ' ').trim();
  if (title) return title.length > 300 ? `${title.slice(0, 299)}…` : title;
  const words = plainText(entry.content).split(' ').slice(0, 8).join(' ');
  return words ? `${words}…` : fallback;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  return entries.filter((e) => e.isFile() && /\.(md|mdx)$/.test(e.name) && !e.name.startsWith('.') && !e.name.startsWith('_')).map((e) => join(e.parentPath, e.name));
}

const readIfExists = (path: string) => readFile(path, 'utf8').catch(() => undefined);

export async function importBlogger(options: ImportOptions): Promise<ImportSummary> {
  const { db, renderer } = options;
  const dryRun = options.dryRun ?? false;
  const batch: BatchWrite = options.batch ?? clientBatch(db);
  const summary: ImportSummary = {
    dryRun,
    posts: 0,
    drafts: 0,
    pages: 0,
    labels: 0,
    comments: 0,
    replies: 0,
    placeholders: 0,
    commentsOnPages: 0,
    files: { written: 0, unchanged: 0, keptEdited: 0 },
    stored: { added: 0, alreadyThere: 0 },
    skipped: {
      templates: 0,
      settings: 0,
      otherEntries: 0,
      drafts: 0,
      commentsWithoutPost: 0,
      emptyComments: 0,
    },
    images: { blogger: 0, other: 0 },
    videos: 0,
    removedContent: 0,
    collisions: [],
    warnings: [],
    settings: {
      moderation: undefined,
      delayDays: undefined,
      applied: undefined,
    },
  };
  const warn = (message: string) => {
    if (summary.warnings.length < maxWarnings) summary.warnings.push(message);
    else if (summary.warnings.length === maxWarnings) summary.warnings.push('… more warnings not shown.');
  };

  const postsDir = join(options.contentDir, 'posts');
  const pagesDir = join(options.contentDir, 'pages');
  const stagingDir = join(options.contentDir, `.import-${process.pid}-${randomBytes(4).toString('hex')}`);
  const total = (await stat(options.file)).size;

  // What is already there: ids taken (by file name), so new posts never overwrite another's file.
  const existing = new Map<string, string>();
  for (const file of [...(await listFiles(postsDir)), ...(await listFiles(pagesDir))]) existing.set(`${file.startsWith(pagesDir) ? 'page' : 'post'}:${postIdFromPath(file)}`, file);
  /** Files prepared in the staging folder, with where they go. */
  const prepared: { staged: string; target: string }[] = [];
  const claimed = new Set<string>();

  const posts = new Map<string, PostRecord>();
  const staging = await openStaging();
  const labels = new Set<string>();
  const clean: CleanReport = emptyCleanReport();
  const settings: Record<string, string> = {};
  let feed: FeedInfo = { title: '', author: undefined, url: undefined };
  // The blog's own authors, by their Blogger profile address: a name alone is anyone's to type.
  const authorUris = new Set<string>();
  const profile = (uri: string) => uri.trim().replace(/^https?:/i, '').replace(/\/+$/, '');
  let readBytes = 0;
  let gathered = 0;

  /** Chooses the file for a post or page: its own name, or the next free "-2", "-3" … */
  const place = async (kind: 'post' | 'page', base: string, content: string, targetFor: (id: string) => string, bloggerPath: string | undefined): Promise<string> => {
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
        const staged = join(stagingDir, relative(options.contentDir, target));
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

  const onPost = async (entry: Entry, kind: 'post' | 'page') => {
    const number = bloggerNumber(entry.id);
    if (!number) return warn(`Line ${entry.line}: a ${kind} without a Blogger id was skipped.`);
    const published = validDate(entry.published);
    if (published === undefined) {
      warn(`Line ${entry.line}: the ${kind} "${entry.title}" has no valid publication date ("${entry.published}") and was skipped.`);
      return;
    }
    if (entry.draft && options.skipDrafts) {
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
    if (entry.author?.uri) authorUris.add(profile(entry.author.uri));
    const address = oldAddress(entry);
    const title = titleOf(entry, entry.draft ? 'Untitled draft' : 'Untitled');
    const base = toId(address?.name ?? '') || toId(title) || `${kind}-${number}`;
    if (address && toId(address.name) !== address.name) warn(`The address ${address.path ?? address.url} becomes the id "${base}" (ids use lower-case letters, digits and hyphens); the old address still redirects.`);
    const body = cleanBloggerHtml(entry.content, address?.url ?? feed.url, clean);
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
      id = await place('post', base, content, (candidate) => join(postsDir, String(year), `${candidate}.md`), address?.path);
      if (entry.draft) summary.drafts++;
      else summary.posts++;
    } else {
      Object.assign(fields, {
        draft: entry.draft ? true : undefined,
        bloggerPath: address?.path,
      });
      const content = `${frontmatter(fields)}${body}\n`;
      id = await place('page', base, content, (candidate) => join(pagesDir, `${candidate}.md`), address?.path);
      if (entry.draft) summary.drafts++;
      else summary.pages++;
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

  /** A body too intricate for the renderer is kept as plain text, never lost. */
  const plainFallback = (source: string, line: number): string => {
    warn(`Line ${line}: a comment too intricate to render is kept as plain text.`);
    return sanitizeCommentHtml(
      source
        .replace(/\\(.)/g, '$1')
        .split(/\n{2,}/)
        .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
        .join(''),
    );
  };
  const renderOne = (source: string, line: number): Promise<string> => renderer.render(source).catch(() => plainFallback(source, line));
  /** Renders many comments, in batches of a few hundred per message to the worker threads. */
  const renderAll = async (items: readonly { source: string; line: number }[]): Promise<string[]> => {
    if (!renderer.renderBatch) return Promise.all(items.map((item) => renderOne(item.source, item.line)));
    const size = 200;
    const chunks = Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
    const rendered = await Promise.all(
      chunks.map(async (chunk) => {
        // A batch that overran its time holds a pathological body: each is rendered on its own then.
        const results = await renderer.renderBatch!(chunk.map((item) => item.source)).catch(() => undefined);
        if (!results) return Promise.all(chunk.map((item) => renderOne(item.source, item.line)));
        return results.map((result, i) => (typeof result === 'string' ? result : plainFallback(chunk[i]!.source, chunk[i]!.line)));
      }),
    );
    return rendered.flat();
  };

  const onComment = async (entry: Entry) => {
    const number = bloggerNumber(entry.id);
    const postNumber = entry.inReplyTo ? bloggerNumber(entry.inReplyTo.ref) : undefined;
    if (!number || !postNumber) {
      summary.skipped.commentsWithoutPost++;
      return warn(`Line ${entry.line}: a comment with no post it answers (thr:in-reply-to) was skipped.`);
    }
    const related = entry.links.find((link) => link.rel === 'related');
    const published = validDate(entry.published);
    const removed = removedBy(entry.content, entry.properties);
    const comment: StagedComment = {
      number,
      parent: related ? bloggerNumber(related.href) : undefined,
      name: cleanName(decodeEntities(entry.author?.name ?? '')),
      uri: entry.author?.uri,
      published: published ?? Number.NaN,
      source: removed ? '' : bloggerCommentToMarkdown(entry.content),
      html: null,
      removed,
      line: entry.line,
    };
    gathered++;
    if (dryRun || !comment.source) return staging.add(postNumber, comment);
    // Rendered while the export is still being read: a few hundred at a time to the workers.
    toRender.push({ post: postNumber, comment });
    if (toRender.length >= 200) await renderPending();
  };

  const toRender: { post: string; comment: StagedComment }[] = [];
  const renderingBatches = new Set<Promise<void>>();
  let renderFailure: unknown;
  const renderPending = async () => {
    const pending = toRender.splice(0);
    if (pending.length === 0) return;
    const job = renderAll(pending.map(({ comment }) => ({ source: comment.source, line: comment.line })))
      .then(async (html) => {
        for (const [i, { post, comment }] of pending.entries()) await staging.add(post, { ...comment, html: html[i]! });
      })
      .catch((error: unknown) => {
        renderFailure ??= error;
      });
    renderingBatches.add(job);
    void job.finally(() => renderingBatches.delete(job));
    // Enough batches waiting to keep every worker busy; no more, so memory stays flat.
    if (renderingBatches.size >= 4) await Promise.race(renderingBatches);
    if (renderFailure) throw renderFailure;
  };

  // ------------------------------------------------------------------------------------------
  // 1. Read the export: files to the staging folder, comments gathered by post.
  try {
    const progressEvery = Math.max(1, Math.floor(total / 200));
    let lastReport = 0;
    for await (const entry of readExport(
      options.file,
      (info) => {
        feed = info;
        if (info.author?.uri) authorUris.add(profile(info.author.uri));
      },
      (bytes) => {
        readBytes = bytes;
        if (bytes - lastReport >= progressEvery) {
          lastReport = bytes;
          options.progress?.({
            phase: 'reading',
            done: bytes,
            total,
            posts: summary.posts + summary.drafts + summary.pages,
            comments: gathered,
          });
        }
      },
    )) {
      switch (entry.kind) {
        case 'post':
        case 'page':
          await onPost(entry, entry.kind);
          break;
        case 'comment':
          await onComment(entry);
          break;
        case 'settings': {
          summary.skipped.settings++;
          const name = /\.settings\.(\w+)$/.exec(entry.id)?.[1];
          if (name) settings[name] = entry.content.trim();
          break;
        }
        case 'template':
          summary.skipped.templates++;
          break;
        default:
          summary.skipped.otherEntries++;
      }
    }
    await renderPending();
    await Promise.all(renderingBatches);
    if (renderFailure) throw renderFailure;
    await options.renderingDone?.();
  } catch (error) {
    await Promise.allSettled(renderingBatches);
    await rm(stagingDir, { recursive: true, force: true });
    await staging.close();
    throw error;
  }
  options.progress?.({
    phase: 'reading',
    done: Math.max(readBytes, total),
    total,
    posts: summary.posts + summary.drafts + summary.pages,
    comments: gathered,
  });
  summary.labels = labels.size;
  summary.images = { blogger: clean.bloggerImages, other: clean.otherImages };
  summary.videos = clean.videos;
  summary.removedContent = clean.removed;
  const images = clean.bloggerImages + clean.otherImages;
  if (images > 0) {
    warn(
      `${images} image${images === 1 ? '' : 's'} (${clean.bloggerImages} on Blogger's servers) ${images === 1 ? 'was' : 'were'} not downloaded: ${images === 1 ? 'it is a link' : 'they are links'} to where ${images === 1 ? 'it is' : 'they are'} now. Save the ones you want to keep into public/ and link them from the posts.`,
    );
  }

  // 2. Move the files in.
  if (!dryRun) {
    for (const { staged, target } of prepared) {
      await mkdir(dirname(target), { recursive: true });
      await rename(staged, target);
    }
  }
  await rm(stagingDir, { recursive: true, force: true });

  // 3. Comments, post by post, each post's thread in one transaction.
  const moderation = settings['BLOG_COMMENT_MODERATION'];
  const delay = Number(settings['BLOG_COMMENT_MODERATION_DELAY']);
  summary.settings = {
    moderation,
    delayDays: Number.isFinite(delay) && delay > 0 ? delay : undefined,
    applied: undefined,
  };
  if (options.applySettings && moderation) {
    const applied: Partial<Settings> = /^(DISABLED|NEVER|NONE)$/i.test(moderation)
      ? { holdMode: 'none' }
      : /^(ENABLED|ALWAYS)$/i.test(moderation)
        ? { holdMode: 'all' }
        : {
            holdMode: 'older_than',
            ...(summary.settings.delayDays ? { holdOlderThanDays: summary.settings.delayDays } : {}),
          };
    summary.settings.applied = applied;
    if (!dryRun) await saveSettings(db, applied);
  }

  const threads = await staging.posts();
  const totalComments = gathered;
  let done = 0;
  const isStaff = (c: RawComment) => c.uri !== undefined && authorUris.has(profile(c.uri));
  let writing: Promise<void> = Promise.resolve();

  type Row = { c: StagedComment; parent: string | undefined; html: string | null; source: string | null };
  /** Posts read and ordered, waiting to be rendered and written together. */
  let group: { post: PostRecord; rows: Row[] }[] = [];
  let groupSize = 0;

  /** Writes a group of posts' comments in one transaction (each post whole in it) while the next group is read. */
  const flush = async () => {
    const posts = group;
    group = [];
    groupSize = 0;
    if (posts.length === 0) return;
    if (dryRun) {
      const ids = posts.flatMap(({ rows }) => rows.map((row) => `blogger:${row.c.number}`));
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const found = await db.execute({ sql: `SELECT count(*) AS n FROM comments WHERE source_id IN (${chunk.map(() => '?').join(',')})`, args: chunk });
        const n = Number(found.rows[0]!['n']);
        summary.stored.alreadyThere += n;
        summary.stored.added += chunk.length - n;
      }
      return;
    }
    const statements: InStatement[] = [];
    let inserts = 0;
    for (const { post, rows } of posts) {
      for (const { c, parent, html: body, source } of rows) {
        const anonymous = !c.name || /^anonymous$/i.test(c.name);
        const kind = c.removed || anonymous ? 'anonymous' : isStaff(c) ? 'staff' : 'named';
        const status = c.removed === 'author' ? 'removed_by_author' : c.removed ? 'removed_by_moderator' : 'published';
        statements.push({
          sql: `INSERT INTO comments (post_id, parent_id, author_name, author_kind, body_source, body_html, status, held_reason, removal_key_hash, created_at, updated_at, source_id)
                VALUES (?, (SELECT id FROM comments WHERE source_id = ?), ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
                ON CONFLICT (source_id) WHERE source_id IS NOT NULL DO NOTHING`,
          args: [post.id, parent ? `blogger:${parent}` : null, kind === 'anonymous' ? null : c.name.slice(0, 60), kind, source, body, status, randomBytes(32).toString('hex'), c.published, c.published, `blogger:${c.number}`],
        });
        inserts++;
      }
      statements.push({ sql: 'INSERT INTO thread_versions (post_id, version) VALUES (?, 1) ON CONFLICT (post_id) DO UPDATE SET version = version + 1', args: [post.id] });
    }
    // One group is written while the next is rendered; never more than one ahead of the disk.
    const previous = writing;
    writing = (async () => {
      await previous;
      const results = await batch(statements);
      const added = results.reduce((n, r, i) => n + ((statements[i] as { sql: string }).sql.startsWith('INSERT INTO comments') ? r.rowsAffected : 0), 0);
      summary.stored.added += added;
      summary.stored.alreadyThere += inserts - added;
    })();
    await previous;
  };

  try {
    for (const [postNumber, size] of threads) {
      const post = posts.get(postNumber);
      if (!post || post.skipped) {
        summary.skipped.commentsWithoutPost += size;
        if (!post) warn(`${size} comment${size === 1 ? '' : 's'} answer a post that is not in the export (Blogger id ${postNumber}), and were skipped.`);
        done += size;
        continue;
      }
      const list = await staging.comments(postNumber);
      if (post.kind === 'page') summary.commentsOnPages += list.length;
      for (const c of list) if (Number.isNaN(c.published)) c.published = post.published;
      const ordered = threadOrder(list, (c) => warn(`Line ${c.line}: the comment this one replies to is not in the export; it is imported as a comment on the post.`));
      const rows: Row[] = [];
      for (const { comment: c, parent } of ordered) {
        if (parent) summary.replies++;
        if (c.removed) {
          summary.placeholders++;
          rows.push({ c, parent, html: null, source: null });
        } else if (!c.source) {
          summary.skipped.emptyComments++;
        } else {
          rows.push({ c, parent, html: c.html ?? '', source: c.source });
        }
      }
      summary.comments += rows.length;
      done += list.length;
      group.push({ post, rows });
      groupSize += rows.length;
      if (groupSize >= 2000) await flush();
      options.progress?.({ phase: 'comments', done, total: totalComments, posts: summary.posts + summary.drafts + summary.pages, comments: done });
    }
    await flush();
    await writing;
  } finally {
    await staging.close();
  }
  return summary;
}

/**
 * A post's comments with their parents, in an order where every parent comes before its replies
 * (oldest first among siblings). A reply whose parent is missing becomes a comment on the post.
 */
export function threadOrder<T extends { number: string; parent: string | undefined; published: number }>(
  list: readonly T[],
  onOrphan: (comment: T) => void,
): { comment: T; parent: string | undefined }[] {
  const byNumber = new Map(list.map((c) => [c.number, c]));
  const children = new Map<string | undefined, T[]>();
  for (const c of list) {
    let parent = c.parent !== undefined && c.parent !== c.number && byNumber.has(c.parent) ? c.parent : undefined;
    if (c.parent !== undefined && parent === undefined && c.parent !== c.number) onOrphan(c);
    // A cycle (damaged data) is broken where it is found.
    if (parent !== undefined) {
      const seen = new Set([c.number]);
      for (let up: string | undefined = parent; up !== undefined; up = byNumber.get(up)?.parent) {
        if (seen.has(up)) {
          parent = undefined;
          break;
        }
        seen.add(up);
      }
    }
    const siblings = children.get(parent) ?? [];
    siblings.push(c);
    children.set(parent, siblings);
  }
  const out: { comment: T; parent: string | undefined }[] = [];
  const visit = (parent: string | undefined) => {
    const siblings = (children.get(parent) ?? []).sort((a, b) => a.published - b.published || a.number.localeCompare(b.number));
    for (const c of siblings) {
      out.push({ comment: c, parent });
      visit(c.number);
    }
  };
  visit(undefined);
  return out;
}
