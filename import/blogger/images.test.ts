// --fetch-images on a real import: pictures downloaded from a local HTTP server started here (good,
// slow, failing, oversized, not pictures, moved), stored by the desk's image store under public/images,
// served by our server, and the bodies pointing at them; a second run asks only for what is missing.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../api/db/database.ts';
import { createRenderPool, type RenderPool } from '../../api/render/pool.ts';
import { createApp } from '../../server/app.ts';
import { importBlogger, type ImportSummary } from './importer.ts';
import { writeImportReport } from './report.ts';
import { bodyProblems } from '../../tests/support/html-validator.ts';

interface PictureServer {
  origin: string;
  /** Paths asked for, in order. */
  requests: string[];
  /** The most requests answered at once. */
  busiest: number;
  close(): Promise<void>;
}

async function startServer(answer: (path: string, times: number, req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<PictureServer> {
  const seen = new Map<string, number>();
  let open = 0;
  const state = { requests: [] as string[], busiest: 0 };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    state.requests.push(path);
    seen.set(path, (seen.get(path) ?? 0) + 1);
    state.busiest = Math.max(state.busiest, ++open);
    res.on('close', () => open--);
    void Promise.resolve(answer(path, seen.get(path)!, req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    get busiest() {
      return state.busiest;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const picture = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } });
const pictures = {
  jpg: await picture(64, 48, '#c33').jpeg().withExif({ IFD0: { Make: 'Phonemaker', Model: 'Pocket 12' } }).toBuffer(),
  png: await picture(40, 30, '#3c3').png().toBuffer(),
  gif: await picture(30, 20, '#33c').gif().toBuffer(),
  webp: await picture(50, 40, '#cc3').webp().toBuffer(),
  full: await picture(2400, 1800, '#3cc').jpeg().toBuffer(),
  shown: await picture(320, 240, '#c3c').jpeg().toBuffer(),
  late: await picture(60, 60, '#777').jpeg().toBuffer(),
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (res: ServerResponse, body: Uint8Array | string, type: string, status = 200): void => void res.writeHead(status, { 'Content-Type': type }).end(body);

/** Every kind of answer a picture's address may get. */
async function answer(path: string, times: number, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  const name = path.split('/').pop()!;
  if (name === 'photo.jpg') return send(res, pictures.jpg, 'image/jpeg');
  if (name === 'chart.png') return send(res, pictures.png, 'image/png');
  if (name === 'wave.gif') return send(res, pictures.gif, 'image/gif');
  if (name === 'tile.webp') return send(res, pictures.webp, 'image/webp');
  if (path.includes('/s1600/')) return send(res, pictures.full, 'image/jpeg');
  if (path.includes('/s320/')) return send(res, pictures.shown, 'image/jpeg');
  if (name === 'slow.jpg') {
    if (times === 1) await sleep(3000); // past the timeout: the first try gives up, the second gets it
    return send(res, pictures.late, 'image/jpeg');
  }
  if (name === 'flaky.png') return times === 1 ? send(res, 'busy', 'text/plain', 503) : send(res, pictures.png, 'image/png');
  if (name === 'dropped.png' && times === 1) return void res.socket?.destroy(); // the connection drops, once
  if (name === 'dropped.png') return send(res, pictures.png, 'image/png');
  if (name === 'gone.jpg') return send(res, 'Not found', 'text/plain', 404);
  if (name === 'page.jpg') return send(res, '<!doctype html><title>Sign in</title><p>Sign in to see this picture', 'image/jpeg');
  if (name === 'moved.gif') return void res.writeHead(302, { Location: '/new/wave.gif' }).end();
  if (name === 'huge.jpg') {
    // Says it is 50 MiB, then sends a little and waits: only a client that trusts the header stops at once.
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': String(50 * 1024 * 1024) });
    return void res.write(pictures.jpg);
  }
  if (name === 'endless.jpg') {
    // No length given: 11 MiB in chunks, more than a picture may be.
    res.writeHead(200, { 'Content-Type': 'image/jpeg' });
    const chunk = Buffer.alloc(1024 * 1024, 0xff);
    for (let i = 0; i < 11 && !res.destroyed; i++) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    return void res.end();
  }
  send(res, 'Not found', 'text/plain', 404);
}

const exportWith = (entries: string) =>
  `<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><id>tag:blogger.com,1999:blog-1.archive</id><title type='text'>Test</title>\n${entries}</feed>`;
const escape = (html: string) => html.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const postEntry = (n: number, slug: string, body: string) =>
  `<entry><id>tag:blogger.com,1999:blog-1.post-${n}</id><published>2020-01-01T10:00:00.000Z</published><updated>2020-01-01T10:00:00.000Z</updated><category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/><title type='text'>Post ${n}</title><content type='html'>${escape(body)}</content><link rel='alternate' type='text/html' href='https://t.blogspot.com/2020/01/${slug}.html'/><author><name>Owner</name></author></entry>\n`;

let dir: string;
let pool: RenderPool;
let server: PictureServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-import-images-'));
  pool = createRenderPool({ size: 1, maxQueue: 10_000, timeoutMs: 2000 });
  server = await startServer(answer);
});
afterAll(async () => {
  await server?.close();
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A test's import: fast retries and a short timeout, so the slow picture's first try gives up. */
async function runImport(name: string, file: string, options: { fetch?: typeof fetch } = {}): Promise<{ summary: ImportSummary; contentDir: string; publicDir: string }> {
  const db = await openDatabase({ url: `file:${join(dir, `${name}.db`)}` });
  const contentDir = join(dir, name, 'content');
  const publicDir = join(dir, name, 'public');
  try {
    const summary = await importBlogger({ file, contentDir, publicDir, db, renderer: pool, fetchImages: true, imageFetch: { timeoutMs: 1000, retries: 2, backoffMs: 10 }, ...options });
    return { summary, contentDir, publicDir };
  } finally {
    db.close();
  }
}

const readPost = (contentDir: string, id: string) => readFile(join(contentDir, 'posts/2020', `${id}.md`), 'utf8');
const localImages = (text: string) => [...text.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1]!);

describe('fetching the pictures of a small export from a local server', () => {
  let file: string;
  let first: Awaited<ReturnType<typeof runImport>>;

  beforeAll(async () => {
    const o = server.origin;
    file = join(dir, 'pictures.xml');
    await writeFile(
      file,
      exportWith(
        postEntry(1, 'kinds', `<p>Four kinds.<img src="${o}/a/photo.jpg" alt="A photo"><img src="${o}/a/chart.png" alt="A chart"><img src="${o}/a/wave.gif" alt="A wave"><img src="${o}/a/tile.webp" alt="A tile"></p>`) +
          postEntry(2, 'blogger-style', `<div class="separator"><a href="${o}/img/b/KEY/s1600/garden.jpg" style="clear: left; float: left;"><img border="0" width="320" height="240" src="${o}/img/b/KEY/s320/garden.jpg" alt="The garden"></a></div>`) +
          postEntry(3, 'trying-again', `<p><img src="${o}/slow.jpg" alt="Slow"><img src="${o}/flaky.png" alt="Flaky"><img src="${o}/moved.gif" alt="Moved"></p>`) +
          postEntry(4, 'refused', `<p>Varius.<img src="${o}/gone.jpg" alt="Gone">Donec <img src="${o}/page.jpg" alt="A page"> <img src="${o}/huge.jpg" alt="Huge"> <img src="${o}/endless.jpg" alt="Endless"></p>`) +
          postEntry(5, 'no-pictures', '<p>Words only.</p>'),
      ),
    );
    first = await runImport('pictures', file);
  });

  it('stores each picture under public/images by its hash, checked and stripped of metadata, and the body shows it', async () => {
    const post = await readPost(first.contentDir, 'kinds');
    const srcs = localImages(post);
    expect(srcs).toHaveLength(4);
    for (const [src, ext] of srcs.map((s, i) => [s, ['jpg', 'png', 'gif', 'webp'][i]] as const)) expect(src).toMatch(new RegExp(`^/images/[a-f0-9]{20}\\.${ext}$`));
    expect(post).not.toContain(server.origin);
    expect(post).toContain('alt="A photo"');
    const jpeg = await readFile(join(first.publicDir, srcs[0]!));
    expect((await sharp(jpeg).metadata()).exif).toBeUndefined();
    expect(jpeg.includes('Phonemaker')).toBe(false);
  });

  it('serves the stored pictures from our own server', async () => {
    const app = createApp({ distDir: first.publicDir, pagesOrigin: 'http://127.0.0.1:4321', posts: [] });
    const srcs = localImages(await readPost(first.contentDir, 'kinds'));
    const types = [];
    for (const src of srcs) {
      const res = await app.request(src);
      expect(res.status).toBe(200);
      types.push(res.headers.get('Content-Type'));
      expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(join(first.publicDir, src)))).toBe(true);
    }
    expect(types).toEqual(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
  });

  it('fetches the full size Blogger links to, once: the link leads to it, the page shows a copy twice its shown width', async () => {
    const post = await readPost(first.contentDir, 'blogger-style');
    const [src] = localImages(post);
    const full = /<a href="([^"]+)"/.exec(post)![1]!;
    expect(full).toMatch(/^\/images\/[a-f0-9]{20}\.jpg$/);
    expect(src).not.toBe(full);
    // The body's first picture loads at once (it may be the first thing seen); it is decoded aside.
    expect(post).toContain(`<a href="${full}" class="float-left"><img width="320" height="240" src="${src}" alt="The garden" decoding="async"></a>`);
    expect(server.requests.filter((p) => p.includes('garden'))).toEqual(['/img/b/KEY/s1600/garden.jpg']);
    // The full size, made at most 1600 pixels wide by the desk's store; the copy for 320 shown, 640.
    expect((await sharp(join(first.publicDir, full)).metadata()).width).toBe(1600);
    expect(await sharp(join(first.publicDir, src!)).metadata()).toMatchObject({ width: 640, height: 480, format: 'jpeg' });
    expect((await readFile(join(first.publicDir, src!))).byteLength).toBeLessThan((await readFile(join(first.publicDir, full))).byteLength / 2);
  });

  it('loads all but a body’s first picture only as they are scrolled to', async () => {
    const tags = [...(await readPost(first.contentDir, 'kinds')).matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(tags).toHaveLength(4);
    expect(tags.map((tag) => tag.includes('loading="lazy"'))).toEqual([false, true, true, true]);
    expect(tags.every((tag) => tag.includes('decoding="async"'))).toBe(true);
  });

  it('retries a timeout and a server error, and follows a redirect', async () => {
    const post = await readPost(first.contentDir, 'trying-again');
    expect(localImages(post).every((src) => src.startsWith('/images/'))).toBe(true);
    expect(localImages(post)).toHaveLength(3);
    expect(server.requests.filter((p) => p === '/slow.jpg')).toHaveLength(2);
    expect(server.requests.filter((p) => p === '/flaky.png')).toHaveLength(2);
    expect(server.requests).toContain('/new/wave.gif');
  });

  it('leaves what it cannot fetch as a link with its alt text and a space after it, and lists why, post by post', async () => {
    const post = await readPost(first.contentDir, 'refused');
    expect(post).toContain(`Varius.<a href="${server.origin}/gone.jpg" class="imported-image">[Image: Gone]</a> Donec`);
    expect(localImages(post)).toEqual([]);
    // Permanent errors are not retried.
    expect(server.requests.filter((p) => p === '/gone.jpg')).toHaveLength(1);
    const reasons = Object.fromEntries(first.summary.images.failed.map((f) => [f.url.replace(server.origin, ''), [f.post, f.reason]]));
    expect(reasons).toEqual({
      '/gone.jpg': ['refused', 'the server answered 404 Not Found'],
      '/page.jpg': ['refused', expect.stringContaining('not a PNG, JPEG, WebP or GIF picture')],
      '/huge.jpg': ['refused', 'it is 50.0 MiB, more than the 10.0 MiB a picture may be'],
      '/endless.jpg': ['refused', 'it is more than the 10.0 MiB a picture may be'],
    });
  });

  it('counts what it fetched, in all and post by post', () => {
    expect(first.summary.images).toMatchObject({ fetching: true, other: 12, downloaded: 8, reused: 0 });
    expect(first.summary.images.byPost).toEqual([
      { post: 'kinds', local: 4, failed: 0 },
      { post: 'blogger-style', local: 1, failed: 0 },
      { post: 'trying-again', local: 3, failed: 0 },
      { post: 'refused', local: 0, failed: 4 },
    ]);
    expect(first.summary.warnings).toContain('4 images stay links to where they are now: they could not be fetched (see the list below). Run the import again to retry only those.');
    expect(server.busiest).toBeLessThanOrEqual(4);
  });

  it('puts the pictures in the import report: those here, and those not fetched with why, post by post', async () => {
    const { report, html } = await writeImportReport(join(dir, 'pictures-report'), first.summary, { file, seconds: 1 });
    expect(report.totals.images).toEqual({ fetching: true, local: 8, failed: 4, links: 4 });
    const byId = new Map(report.entries.map((entry) => [entry.id, entry]));
    expect(byId.get('kinds')!.images).toEqual({ local: 4, failed: [] });
    expect(byId.get('refused')!.images.failed.map((f) => f.url).sort()).toEqual(['/endless.jpg', '/gone.jpg', '/huge.jpg', '/page.jpg'].map((path) => `${server.origin}${path}`));
    expect(report.totals.needALook).toBe(1);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('4 pictures not fetched</strong>, left as links');
    expect(page).toContain(`<code>${server.origin}/gone.jpg</code> (${byId.get('refused')!.images.failed.find((f) => f.url.endsWith('/gone.jpg'))!.reason}`);
  });

  it('asks a second time only for what it does not have, and changes no file', async () => {
    const before = server.requests.length;
    const again = await runImport('pictures', file);
    const asked = server.requests.slice(before).sort();
    expect(asked).toEqual(['/endless.jpg', '/gone.jpg', '/huge.jpg', '/page.jpg']);
    expect(again.summary.images).toMatchObject({ downloaded: 0, reused: 8 });
    expect(again.summary.files).toMatchObject({ written: 0, unchanged: 5 });
  });

  it('fetches again a picture whose file was deleted', async () => {
    const [src] = localImages(await readPost(first.contentDir, 'kinds'));
    await rm(join(first.publicDir, src!));
    const before = server.requests.length;
    const again = await runImport('pictures', file);
    expect(server.requests.slice(before)).toContain('/a/photo.jpg');
    expect(again.summary.images.downloaded).toBe(1);
    expect((await readdir(join(first.publicDir, 'images'))).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('makes again a smaller copy whose file was deleted, from the stored picture, asking the server nothing', async () => {
    const [copy] = localImages(await readPost(first.contentDir, 'blogger-style'));
    await rm(join(first.publicDir, copy!));
    const before = server.requests.length;
    const again = await runImport('pictures', file);
    expect(server.requests.slice(before).filter((p) => p.includes('garden'))).toEqual([]);
    expect(again.summary.images.downloaded).toBe(0);
    expect(localImages(await readPost(first.contentDir, 'blogger-style'))).toEqual([copy]);
    expect((await sharp(join(first.publicDir, copy!)).metadata()).width).toBe(640);
  });
});

describe('a dropped connection, and a dry run', () => {
  it('retries a connection dropped before the answer', async () => {
    const file = join(dir, 'dropped.xml');
    await writeFile(file, exportWith(postEntry(1, 'dropped', `<p><img src="${server.origin}/dropped.png" alt="Dropped"></p>`)));
    const { summary, contentDir } = await runImport('dropped', file);
    expect(summary.images).toMatchObject({ downloaded: 1, failed: [] });
    expect(localImages(await readPost(contentDir, 'dropped'))).toHaveLength(1);
    expect(server.requests.filter((p) => p === '/dropped.png')).toHaveLength(2);
  });

  it('shows one smaller copy wherever the same picture, at two addresses, is shown small', async () => {
    const file = join(dir, 'same-picture.xml');
    const shown = (key: string) => `<a href="${server.origin}/img/b/${key}/s1600/garden.jpg"><img width="320" height="240" src="${server.origin}/img/b/${key}/s320/garden.jpg" alt="Garden"></a>`;
    await writeFile(file, exportWith(postEntry(1, 'one', shown('ONE')) + postEntry(2, 'two', shown('TWO'))));
    const { contentDir, publicDir } = await runImport('same-picture', file);
    const [one, two] = [localImages(await readPost(contentDir, 'one')), localImages(await readPost(contentDir, 'two'))];
    expect(one).toEqual(two);
    expect((await sharp(join(publicDir, one[0]!)).metadata()).width).toBe(640);
  });

  it('fetches nothing in a dry run, and says so', async () => {
    const file = join(dir, 'dry.xml');
    await writeFile(file, exportWith(postEntry(1, 'dry', `<p><img src="${server.origin}/dry/photo.jpg" alt="Dry"></p>`)));
    const db = await openDatabase({ url: `file:${join(dir, 'dry.db')}` });
    const summary = await importBlogger({ file, contentDir: join(dir, 'dry', 'content'), publicDir: join(dir, 'dry', 'public'), db, renderer: pool, fetchImages: true, dryRun: true });
    db.close();
    expect(server.requests.filter((p) => p.startsWith('/dry/'))).toEqual([]);
    expect(summary.images).toMatchObject({ fetching: false, other: 1, downloaded: 0 });
    expect(summary.warnings).toContain('1 image stays a link in a dry run: pictures are fetched only by a real import with --fetch-images.');
    expect(await readdir(join(dir, 'dry')).catch(() => [])).toEqual([]);
  });
});

describe('the real exports in tests/fixtures/blogger, through a fetch that sends every request to a local server', () => {
  const fixtures = join(import.meta.dirname, '../../tests/fixtures/blogger');
  let local: PictureServer;
  beforeAll(async () => {
    // Any address gets a picture of its own (its colour from the address), so each one is stored apart.
    local = await startServer(async (path, _times, _req, res) => {
      const colour = `#${createHash('sha256').update(path).digest('hex').slice(0, 6)}`;
      send(res, await picture(80, 60, colour).png().toBuffer(), 'image/png');
    });
  });
  afterAll(() => local?.close());

  it.each([
    ['ci-lhh-blogger-data-test.xml', 97],
    ['google-blog-converters-blogger-sample2.xml', 1],
  ])('%s: every picture is fetched, stored and served here, no body refers to where it was, and every body is valid HTML', async (name, images) => {
    const asked: string[] = [];
    // The product's own code path; only the last step, the request, goes to the local server.
    const toLocal: typeof fetch = (url, init) => {
      asked.push(String(url));
      return fetch(`${local.origin}/${encodeURIComponent(String(url))}`, init);
    };
    const { summary, contentDir, publicDir } = await runImport(name.replace('.xml', ''), join(fixtures, name), { fetch: toLocal });
    expect(summary.images.blogger + summary.images.other).toBe(images);
    expect(summary.images.failed).toEqual([]);
    expect(summary.images.downloaded).toBe(new Set(asked).size);
    expect(summary.images.byPost.reduce((n, p) => n + p.local, 0)).toBe(images);

    const app = createApp({ distDir: publicDir, pagesOrigin: 'http://127.0.0.1:4321', posts: [] });
    const bodies = (await readdir(contentDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.md'));
    let shown = 0;
    for (const entry of bodies) {
      const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
      expect(text).not.toContain('[Image:');
      // Neither the address nor its host and path (as a protocol-relative link would have it).
      for (const url of asked) expect(text).not.toContain(`${new URL(url).host}${new URL(url).pathname}`);
      // With its pictures here, the body is still valid HTML (html-validate's recommended rules).
      expect(await bodyProblems(text.slice(text.indexOf('\n---\n', 4) + 5))).toEqual([]);
      for (const src of localImages(text)) {
        expect(src).toMatch(/^\/images\/[a-f0-9]{20}\.png$/);
        expect((await app.request(src)).status).toBe(200);
        shown++;
      }
    }
    expect(shown).toBe(images);
    expect(local.busiest).toBeLessThanOrEqual(4);
  });
});
