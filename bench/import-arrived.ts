// What a benchmarked import left behind, counted from its files and database without the
// importer's help; and, for --fetch-images, a local server every picture address is answered by.
import { createClient } from '@libsql/client';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';

export interface PictureServer {
  origin: string;
  requests(): number;
  /** Makes a picture for each address of the server in the export; how many. */
  prepare(exportPath: string, progress?: (made: number, of: number) => void): Promise<number>;
  close(): Promise<void>;
}

/**
 * Answers each picture address with a photograph-like JPEG of 1600 × 1200, as Blogger's full-size
 * addresses answer: blurred noise, which compresses about as a photo does (~125 KB; sharp noise
 * would be a worst case, a flat colour a best one). Every address named by prepare() gets a
 * picture of its own (a few pixels differ), so the import stores, and copies, each one apart, as it
 * would a real blog's; prepare() makes them before the import is timed.
 */
export async function startPictureServer(): Promise<PictureServer> {
  const noise = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#7a8', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
  const raw = await sharp(noise).blur(4).raw().toBuffer({ resolveWithObject: true });
  const photo = await sharp(raw.data, { raw: raw.info }).jpeg({ quality: 85 }).toBuffer();
  const photos = new Map<string, Buffer>();
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const body = photos.get(req.url ?? '') ?? photo;
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests: () => requests,
    async prepare(exportPath, progress) {
      // The addresses, from the export (its HTML escaped: an address ends at a quote or an entity).
      const paths = new Set<string>();
      const pattern = new RegExp(`${origin.replaceAll('.', '\\.')}(/[^"'\\s&<>]+)`, 'g');
      let tail = '';
      for await (const chunk of createReadStream(exportPath, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
        const text = tail + (chunk as string);
        // The sizes Blogger shows (…/s400/…) are asked for only when the full size fails; a link to
        // …/s1600-h/… (a page showing the picture) is asked for as …/s1600/….
        for (const match of text.matchAll(pattern)) {
          const path = match[1]!.replace(/\/s(\d+)-h\//, '/s$1/');
          if (!/\/s\d+[^/]*\//.test(path) || path.includes('/s1600/')) paths.add(path);
        }
        tail = text.slice(-200);
      }
      // Each its own: the n-th address's number written in the first 32 pixels, black or white.
      let made = 0;
      const make = async (path: string, n: number) => {
        const pixels = Buffer.from(raw.data.subarray(0, 32 * raw.info.channels));
        for (let bit = 0; bit < 32; bit++) pixels.fill((n >> bit) & 1 ? 255 : 0, bit * raw.info.channels, (bit + 1) * raw.info.channels);
        const image = Buffer.concat([pixels, raw.data.subarray(pixels.length)]);
        photos.set(path, await sharp(image, { raw: raw.info }).jpeg({ quality: 85 }).toBuffer());
        if (++made % 250 === 0) progress?.(made, paths.size);
      };
      const list = [...paths];
      for (let i = 0; i < list.length; i += 2) await Promise.all(list.slice(i, i + 2).map((path, j) => make(path, i + j)));
      return paths.size;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function countPictures(contentDir: string, origin: string): Promise<{ local: number; bodiesNamingServer: number }> {
  const counted = { local: 0, bodiesNamingServer: 0 };
  const entries = await readdir(contentDir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
    const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
    counted.local += text.match(/<img [^>]*src="\/images\//g)?.length ?? 0;
    if (text.includes(origin)) counted.bodiesNamingServer++;
  }
  return counted;
}

/** Files under `dir` (recursively) whose names end with one of `suffixes`; 0 when it is missing. */
async function countFiles(dir: string, suffixes: string[]): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && suffixes.some((suffix) => entry.name.endsWith(suffix))).length;
}

export interface Arrived {
  postFiles: number;
  pageFiles: number;
  comments: number | undefined;
  replies: number | undefined;
  removed: number | undefined;
  /** Why the database could not be read, if it could not. */
  databaseError: string | undefined;
  /** With pictures fetched: <img> showing a local copy, and bodies still naming the picture server. */
  pictures: { local: number; bodiesNamingServer: number } | undefined;
}

/** Counts what the import left behind, without the importer's help. */
export async function countArrived(contentDir: string, databasePath: string, pictureOrigin: string | undefined): Promise<Arrived> {
  const arrived: Arrived = {
    postFiles: await countFiles(join(contentDir, 'posts'), ['.md', '.mdx']),
    pageFiles: await countFiles(join(contentDir, 'pages'), ['.md', '.mdx']),
    comments: undefined,
    replies: undefined,
    removed: undefined,
    databaseError: undefined,
    pictures: pictureOrigin ? await countPictures(contentDir, pictureOrigin) : undefined,
  };
  if (!existsSync(databasePath)) return { ...arrived, databaseError: `${databasePath} does not exist` };
  const db = createClient({ url: `file:${databasePath}` });
  try {
    const result = await db.execute(
      `SELECT count(*) AS comments, count(parent_id) AS replies,
              coalesce(sum(status IN ('removed_by_author', 'removed_by_moderator')), 0) AS removed
       FROM comments`,
    );
    const row = result.rows[0];
    arrived.comments = Number(row?.['comments']);
    arrived.replies = Number(row?.['replies']);
    arrived.removed = Number(row?.['removed']);
  } catch (error) {
    arrived.databaseError = error instanceof Error ? error.message : String(error);
  } finally {
    db.close();
  }
  return arrived;
}
