// What a benchmarked import left behind, counted from its files and database without the
// importer's help; and, for --fetch-images, a local server every picture address is answered by.
import { createClient } from '@libsql/client';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';

export interface PictureServer {
  origin: string;
  requests(): number;
  close(): Promise<void>;
}

/**
 * Answers every address with one photograph-like JPEG of 1600 × 1200, as Blogger's full-size
 * addresses answer: blurred noise, which compresses about as a photo does (~125 KB; sharp noise
 * would be a worst case, a flat colour a best one).
 */
export async function startPictureServer(): Promise<PictureServer> {
  const noise = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#7a8', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
  const photo = await sharp(noise).blur(4).jpeg({ quality: 85 }).toBuffer();
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': String(photo.length) }).end(photo);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
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
