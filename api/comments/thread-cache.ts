// Threads served from memory until a write from any process bumps the post's version row: one
// small read per request (shared with the requests arriving alongside) instead of the whole thread.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import type { Database } from '../db/database.ts';
import type { Settings } from '../settings.ts';
import * as model from './model.ts';
import type { PublicComment } from './types.ts';

export interface CachedThread {
  version: number;
  comments: PublicComment[];
  /** The JSON answer, encoded once: a 500-comment thread is ~340 KB. */
  body: Uint8Array<ArrayBuffer>;
  /** The same, gzipped once per version instead of once per request. */
  gzipped: Uint8Array<ArrayBuffer>;
  etag: string;
}

export function threadReader(db: Database, loadSettings: () => Promise<Settings>, timeZone: string): (post: PostsManifestEntry) => Promise<CachedThread> {
  const cache = new Map<string, CachedThread>();
  const threadVersion = model.groupedThreadVersions(db);
  return async (post) => {
    const version = await threadVersion(post.id);
    const cached = cache.get(post.id);
    if (cached && cached.version === version) return cached;
    const settings = await loadSettings();
    const comments = await model.getThread(db, post.id, { maxDepth: settings.maxDisplayDepth, timeZone });
    const body = new Uint8Array(Buffer.from(JSON.stringify({ post: { id: post.id, commentPolicy: post.comments }, count: comments.length, comments })));
    const fresh = { version, comments, body, gzipped: new Uint8Array(gzipSync(body, { level: 6 })), etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
    cache.set(post.id, fresh);
    return fresh;
  };
}
