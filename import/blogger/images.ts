// Brings a blog's pictures home (--fetch-images): each picture a post or page shows is downloaded
// (image-fetch.ts), checked, cleaned and stored by the desk's image store (desk/images.ts, so
// public/images/<hash>.<ext>, served and built as the desk's uploads are), and the body shows the
// local copy. Where Blogger wraps a picture in a link to its full size, that full size is fetched,
// once: the store makes it at most 1600 pixels wide and the link points at that local file. Where
// the page shows a picture smaller than that (Blogger's 320 pixels, say), the page gets a copy twice
// its shown width, sharp on a phone's screen, made from the stored file: a reader downloads what
// Blogger sent, not five times more. Pictures after a body's first load only as they come into view.
// A manifest in the content folder remembers which address became which files, so a second run
// fetches and makes only what is missing.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RefusedImage, storeImage } from '../../desk/images.ts';
import { cleanBloggerHtml, emptyCleanReport, type CleanReport, type PictureHook } from './clean-html.ts';
import { defaultFetchOptions, fetchPicture, PictureFetchError, type FetchFunction, type FetchPictureOptions } from './image-fetch.ts';

export interface PictureStoreOptions {
  /** Where the pictures go: the desk's folder, <public>/images. */
  imagesDir: string;
  /** The manifest: source address → stored file. */
  manifestPath: string;
  fetch: FetchFunction;
  fetchOptions?: Partial<Omit<FetchPictureOptions, 'fetch'>> | undefined;
  /** Downloads at once (default 4): enough to hide latency, few enough to be a polite client. */
  concurrency?: number;
}

export interface PictureCounts {
  /** Downloaded and stored by this run. */
  downloaded: number;
  /** Already here from an earlier run (no request made). */
  reused: number;
  /** Could not be downloaded or were refused. */
  failed: number;
}

/** A post's body with its pictures: how many show a local copy, which could not. */
export interface PictureBody {
  html: string;
  local: number;
  failed: { url: string; reason: string }[];
}

export interface PictureStore {
  /** Cleans a body (clean-html.ts), its pictures fetched first and shown from here. */
  body(html: string, base: string | undefined, report: CleanReport): Promise<PictureBody>;
  counts(): PictureCounts;
  /** Writes the manifest (also done every few pictures, so an interrupted run keeps what it got). */
  close(): Promise<void>;
}

interface Stored {
  name: string;
  width: number;
  height: number;
}

interface Manifest {
  version: 1;
  /** Source address → stored file. */
  pictures: Record<string, Stored>;
  /** Stored file → its smaller copies, by width (one file may be the picture at many addresses). */
  copies?: Record<string, Record<string, Stored>>;
}

const saveEvery = 25;
/** Blogger's picture hosts: a link there around a picture is its full size. */
const bloggerPictureHost = /(^|\.)(bp\.blogspot\.com|googleusercontent\.com)$/;
const pictureFile = /\.(jpe?g|png|gif|webp)$/i;
/** The widths of the smaller copies: a few, so that pictures shown at nearby sizes share one. */
const copyWidths = [400, 640, 800, 1280];

/** The width a page shows the picture at, from its attributes: unknown when it gives neither. */
function shownWidth(img: Element, stored: Stored): number | undefined {
  const width = Number(img.getAttribute('width'));
  if (width > 0) return width;
  const height = Number(img.getAttribute('height'));
  return height > 0 ? (height * stored.width) / stored.height : undefined;
}

/** The copy a picture shown `shown` pixels wide needs, if one smaller than the stored file will do. */
function copyWidthFor(shown: number | undefined, stored: Stored): number | undefined {
  if (shown === undefined) return undefined;
  const width = copyWidths.find((w) => w >= 2 * shown);
  return width !== undefined && width < stored.width ? width : undefined;
}

/**
 * The full size a link around a picture leads to, if it is one: a picture file, or a Blogger picture
 * address (whose "s1600-h" form was a page showing it; "s1600" is the picture itself).
 */
function fullSizeOf(img: HTMLImageElement, base: string | undefined): { link: Element; url: URL } | undefined {
  const link = img.closest('a[href]');
  if (!link) return undefined;
  let url: URL;
  try {
    const href = link.getAttribute('href')!;
    url = new URL(href.startsWith('//') ? `https:${href}` : href, base);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol) || !(bloggerPictureHost.test(url.hostname) || pictureFile.test(url.pathname))) return undefined;
  url.pathname = url.pathname.replace(/\/s(\d+)-h\//, '/s$1/');
  return { link, url };
}

/**
 * The img shows the stored file, or its copy for the width shown; the full-size link, if any, leads
 * to the stored file. All but a body's first picture load as they are scrolled to.
 */
function showLocal(img: HTMLImageElement, stored: Stored, copies: Record<string, Stored> | undefined, fullSize: Element | undefined, first: boolean): void {
  const src = `/images/${stored.name}`;
  const copy = copies?.[String(copyWidthFor(shownWidth(img, stored), stored))];
  img.setAttribute('src', copy ? `/images/${copy.name}` : src);
  // Obsolete or fetching attributes Blogger writes; the layout styles are turned into classes later.
  for (const name of ['srcset', 'sizes', 'border', 'hspace', 'vspace', 'longdesc', 'lowsrc']) img.removeAttribute(name);
  if (!img.hasAttribute('alt')) img.setAttribute('alt', img.getAttribute('title')?.trim() ?? '');
  const width = Number(img.getAttribute('width'));
  const height = Number(img.getAttribute('height'));
  if (!(width > 0) && !(height > 0)) {
    img.setAttribute('width', String(stored.width));
    img.setAttribute('height', String(stored.height));
  } else if (!(height > 0)) {
    img.setAttribute('height', String(Math.round((width * stored.height) / stored.width)));
  } else if (!(width > 0)) {
    img.setAttribute('width', String(Math.round((height * stored.width) / stored.height)));
  }
  if (!first) img.setAttribute('loading', 'lazy');
  img.setAttribute('decoding', 'async');
  fullSize?.setAttribute('href', src);
}

async function readManifest(path: string, imagesDir: string): Promise<{ stored: Map<string, Stored>; copies: Map<string, Record<string, Stored>> }> {
  const none = () => ({ stored: new Map(), copies: new Map() });
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return none();
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    return none(); // unreadable: every picture is fetched again, nothing is lost
  }
  // A picture whose file is gone is fetched again; a copy whose file is gone is made again.
  const present = new Set(await readdir(imagesDir).catch(() => [] as string[]));
  return {
    stored: new Map(Object.entries(manifest.pictures ?? {}).filter(([, stored]) => present.has(stored.name))),
    copies: new Map(Object.entries(manifest.copies ?? {}).map(([name, byWidth]) => [name, Object.fromEntries(Object.entries(byWidth).filter(([, copy]) => present.has(copy.name)))])),
  };
}

export async function openPictureStore(options: PictureStoreOptions): Promise<PictureStore> {
  const fetchOptions: FetchPictureOptions = { ...defaultFetchOptions, ...options.fetchOptions, fetch: options.fetch };
  const { stored, copies } = await readManifest(options.manifestPath, options.imagesDir);
  const failed = new Map<string, string>();
  const inFlight = new Map<string, Promise<void>>();
  const counts: PictureCounts = { downloaded: 0, reused: 0, failed: 0 };
  /** Addresses stored by an earlier run, and those of them used by this one. */
  const earlier = new Set(stored.keys());
  const reused = new Set<string>();
  let unsaved = 0;
  let saving = Promise.resolve();

  // A small pool: at most `concurrency` downloads at once, the rest wait their turn.
  const concurrency = options.concurrency ?? 4;
  let running = 0;
  const waiting: (() => void)[] = [];
  const turn = async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };

  const save = () => {
    unsaved = 0;
    const manifest: Manifest = { version: 1, pictures: Object.fromEntries(stored), copies: Object.fromEntries(copies) };
    saving = saving.then(async () => {
      await mkdir(dirname(options.manifestPath), { recursive: true });
      const temporary = `${options.manifestPath}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temporary, `${JSON.stringify(manifest, null, 1)}\n`);
      await rename(temporary, options.manifestPath);
    });
    return saving;
  };

  const download = (url: string): Promise<void> =>
    turn(async () => {
      try {
        const bytes = await fetchPicture(url, fetchOptions);
        const picture = await storeImage(bytes, options.imagesDir);
        stored.set(url, { name: picture.name, width: picture.width, height: picture.height });
        counts.downloaded++;
        if (++unsaved >= saveEvery) save().catch(() => undefined); // a failed write is reported by close()
      } catch (error) {
        if (!(error instanceof PictureFetchError || error instanceof RefusedImage)) throw error;
        failed.set(url, error.message);
        counts.failed++;
      }
    });

  // A smaller copy, made from the stored file (so also for pictures an earlier run fetched).
  const makeCopy = (picture: Stored, width: number): Promise<void> =>
    turn(async () => {
      try {
        const copy = await storeImage(await readFile(join(options.imagesDir, picture.name)), options.imagesDir, width);
        copies.set(picture.name, { ...copies.get(picture.name), [width]: { name: copy.name, width: copy.width, height: copy.height } });
        if (++unsaved >= saveEvery) save().catch(() => undefined);
      } catch (error) {
        // A stored picture the store cannot read again: the page shows the stored file.
        if (!(error instanceof RefusedImage)) throw error;
      }
    });

  /** The work under way for `key`, started by `start` if none is: each picture or copy is made once. */
  const once = (key: string, start: () => Promise<void>): Promise<void> => {
    let pending = inFlight.get(key);
    if (!pending) {
      pending = start().finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };

  const makeCopies = (wanted: { picture: Stored; width: number }[]): Promise<unknown> =>
    Promise.all(wanted.map(({ picture, width }) => (copies.get(picture.name)?.[width] ? undefined : once(`${picture.name} ${width}`, () => makeCopy(picture, width)))));

  const fetchAll = (urls: Iterable<string>): Promise<unknown> =>
    Promise.all(
      [...urls].map((url) => (stored.has(url) || failed.has(url) ? undefined : once(url, () => download(url)))),
    );

  return {
    async body(html, base, report) {
      if (!/<img\b/i.test(html)) return { html: cleanBloggerHtml(html, base, report), local: 0, failed: [] };
      // First the addresses wanted (a cleaning whose result is dropped), then the downloads.
      const wanted: { full: string | undefined; shown: string; img: HTMLImageElement }[] = [];
      cleanBloggerHtml(html, base, emptyCleanReport(), (img, src) => {
        wanted.push({ full: fullSizeOf(img, base)?.url.href, shown: src.href, img });
        return false;
      });
      // The full size where there is one; the picture as shown only if that fails.
      await fetchAll(wanted.map((w) => w.full ?? w.shown));
      await fetchAll(wanted.filter((w) => w.full !== undefined && failed.has(w.full)).map((w) => w.shown));
      // Then the smaller copies the page shows.
      const copiesWanted: { picture: Stored; width: number }[] = [];
      for (const w of wanted) {
        const picture = (w.full === undefined ? undefined : stored.get(w.full)) ?? stored.get(w.shown);
        const width = picture && copyWidthFor(shownWidth(w.img, picture), picture);
        if (picture && width !== undefined) copiesWanted.push({ picture, width });
      }
      await makeCopies(copiesWanted);
      let local = 0;
      const failures: PictureBody['failed'] = [];
      const show: PictureHook = (img, src) => {
        const full = fullSizeOf(img, base);
        // The full size if it came, else the picture as shown.
        for (const url of [full?.url.href, src.href]) {
          const picture = url === undefined ? undefined : stored.get(url);
          if (!picture || url === undefined) continue;
          if (earlier.has(url) && !reused.has(url)) {
            reused.add(url);
            counts.reused++;
          }
          showLocal(img, picture, copies.get(picture.name), full?.link, local === 0);
          local++;
          return true;
        }
        failures.push({ url: src.href, reason: failed.get(src.href) ?? failed.get(full?.url.href ?? '') ?? 'not downloaded' });
        return false;
      };
      return { html: cleanBloggerHtml(html, base, report, show), local, failed: failures };
    },
    counts: () => ({ ...counts }),
    async close() {
      await save();
    },
  };
}
