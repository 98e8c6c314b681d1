// What one import takes (its options, a renderer), what it reports (progress, the summary), and
// what its phases hand each other (the posts placed, warnings).
import type { Database } from '../../api/db/database.ts';
import type { BatchWrite } from '../../api/db/write-queue.ts';
import type { Settings } from '../../api/settings.ts';
import type { FetchFunction, FetchPictureOptions } from './image-fetch.ts';

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
  /** The blog's time zone (BLOG_TIME_ZONE): the new posts' addresses, and links to them, are made in it. */
  timeZone?: string;
  progress?: (progress: Progress) => void;
  /** Called once every comment is rendered (the renderer may be closed then). */
  renderingDone?: () => unknown;
  /** Download the pictures posts and pages show into <publicDir>/images (--fetch-images; not in a dry run). */
  fetchImages?: boolean;
  /** The site's public/ folder (where the desk stores pictures too); needed with fetchImages. */
  publicDir?: string;
  /** How pictures are downloaded: the global fetch, or a test's (which then sees every request). */
  fetch?: FetchFunction;
  /** Timeout per request, retries and backoff for pictures (defaults 30 s, 3 retries, 1 s). */
  imageFetch?: Partial<Omit<FetchPictureOptions, 'fetch'>>;
}

export interface Progress {
  phase: 'reading' | 'comments';
  done: number;
  total: number;
  posts: number;
  comments: number;
  /** With --fetch-images: pictures downloaded, reused from an earlier run, failed so far. */
  images?: { downloaded: number; reused: number; failed: number } | undefined;
}

/** A picture that stayed a link to where it was, and why. `post`: the post's or page's id. */
export interface ImageFailure {
  post: string;
  url: string;
  reason: string;
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
  /**
   * Files written new, brought up to date (changed on Blogger, untouched here since the last
   * import), already as the export says, and edited here since and left.
   */
  files: { written: number; updated: number; unchanged: number; keptEdited: number };
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
  /**
   * Images in the bodies (on Blogger's hosts or others). With --fetch-images: `downloaded` by this
   * run, `reused` from an earlier one, `failed` (left as links), and per post or page (by id, those
   * with images only) how many show a local copy and how many failed. Without it, all are links.
   */
  images: {
    blogger: number;
    other: number;
    fetching: boolean;
    downloaded: number;
    reused: number;
    failed: ImageFailure[];
    byPost: { post: string; local: number; failed: number }[];
  };
  videos: number;
  removedContent: number;
  /** Old file names that two posts shared, and the ids they were given. */
  collisions: { bloggerPath: string; id: string }[];
  /** Posts and pages of the export that were not imported, and why. */
  refused: { kind: 'post' | 'page'; title: string; line: number; reason: string }[];
  /** Each post and page imported, as the import report lists them (import-report.ts). */
  entries: EntryReport[];
  /**
   * Links to the old blog rewritten to the new addresses (posts, pages, labels, archives, feeds),
   * in all and per post or page id; those left pointing at the old blog (posts not in the export).
   */
  links: { rewritten: number; perPost: Record<string, number>; kept: { post: string; href: string }[] };
  /** Structure the HTML parser left invalid, repaired: per post or page id, what. */
  repaired: { post: string; what: string }[];
  /** Posts whose summary for listings is what came before Blogger's jump break. */
  jumpBreaks: string[];
  warnings: string[];
  settings: {
    moderation: string | undefined;
    delayDays: number | undefined;
    applied: Partial<Settings> | undefined;
  };
}

/** A post or page read from the export, by its Blogger number: where its comments go. */
export interface PostRecord {
  number: string;
  id: string;
  kind: 'post' | 'page';
  draft: boolean;
  skipped: boolean;
  published: number;
  /** Its old path, /yyyy/mm/name.html or /p/name.html, when it had one. */
  bloggerPath?: string | undefined;
  title: string;
  /** Its address on Blogger, when the export gives one. */
  oldUrl: string | undefined;
  /** Its file: written now, brought up to date, already there as it is, or edited here since an earlier import and left. */
  file: 'written' | 'updated' | 'unchanged' | 'keptEdited' | undefined;
  /** Its comments in the export; of them, those to store (placeholders included) and those empty. */
  comments: { found: number; toStore: number; placeholders: number; empty: number };
  /** Its pictures (--fetch-images): how many are local copies now, and those that could not be fetched. */
  images?: { local: number; failed: { url: string; reason: string }[] } | undefined;
  /** What the import had to say about this post alone (also among the warnings). */
  notes: string[];
}

/** One post or page as the import report shows it. */
export interface EntryReport {
  number: string;
  kind: 'post' | 'page';
  id: string;
  title: string;
  draft: boolean;
  published: string;
  oldUrl: string | undefined;
  /** Its address here (none for a draft, which is not published). */
  newUrl: string | undefined;
  file: 'written' | 'updated' | 'unchanged' | 'keptEdited' | undefined;
  comments: {
    found: number;
    /** Found, less the empty ones: what should be in the database. */
    expected: number;
    placeholders: number;
    empty: number;
    /** Counted in the database after the import (none in a dry run). */
    inDatabase: number | undefined;
  };
  /** Its pictures now local copies, and those that could not be fetched and why (with --fetch-images). */
  images: { local: number; failed: { url: string; reason: string }[] };
  /** Links to the old blog rewritten to addresses here, and those left as they were (posts not in the export). */
  links: { rewritten: number; kept: string[] };
  /** Structure the HTML parser left invalid, repaired. */
  repaired: string[];
  /** Its summary in listings is what came before Blogger's jump break. */
  jumpBreak: boolean;
  notes: string[];
}

const maxNotes = 20;

/** Adds a note to a post's record; past a few, one line says more were left out. */
export function notePost(record: PostRecord, note: string): void {
  if (record.notes.length < maxNotes) record.notes.push(note);
  else if (record.notes.length === maxNotes) record.notes.push('… more notes not shown (see the warnings).');
}

/** A record for a post or page whose comments are not counted yet. */
export function postRecord(fields: Pick<PostRecord, 'number' | 'id' | 'kind' | 'draft' | 'skipped' | 'published' | 'title' | 'oldUrl' | 'file'>): PostRecord {
  return { ...fields, comments: { found: 0, toStore: 0, placeholders: 0, empty: 0 }, notes: [] };
}

export type Warn = (message: string) => void;

const maxWarnings = 200;

export function emptySummary(dryRun: boolean): ImportSummary {
  return {
    dryRun,
    posts: 0,
    drafts: 0,
    pages: 0,
    labels: 0,
    comments: 0,
    replies: 0,
    placeholders: 0,
    commentsOnPages: 0,
    files: { written: 0, updated: 0, unchanged: 0, keptEdited: 0 },
    stored: { added: 0, alreadyThere: 0 },
    skipped: {
      templates: 0,
      settings: 0,
      otherEntries: 0,
      drafts: 0,
      commentsWithoutPost: 0,
      emptyComments: 0,
    },
    images: { blogger: 0, other: 0, fetching: false, downloaded: 0, reused: 0, failed: [], byPost: [] },
    videos: 0,
    removedContent: 0,
    collisions: [],
    refused: [],
    entries: [],
    links: { rewritten: 0, perPost: {}, kept: [] },
    repaired: [],
    jumpBreaks: [],
    warnings: [],
    settings: {
      moderation: undefined,
      delayDays: undefined,
      applied: undefined,
    },
  };
}

/** Adds a warning to the summary; past a few hundred, one line says more were left out. */
export function warner(summary: ImportSummary): Warn {
  return (message) => {
    if (summary.warnings.length < maxWarnings) summary.warnings.push(message);
    else if (summary.warnings.length === maxWarnings) summary.warnings.push('… more warnings not shown.');
  };
}

/** Posts, drafts and pages placed so far, as progress reports count them. */
export const entriesPlaced = (summary: ImportSummary) => summary.posts + summary.drafts + summary.pages;

/** A date from the export as a time, or undefined when it is none. */
export function validDate(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
