// The API's view of the content: every published post, newest first. Keep this shape.
import type { APIRoute } from 'astro';
import { getPublishedPosts } from '../data/posts.ts';
import { postsManifest } from '../lib/posts.ts';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(postsManifest(await getPublishedPosts())), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
