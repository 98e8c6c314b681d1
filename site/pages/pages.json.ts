// The server's view of the standalone pages (posts.json is posts only): enough to redirect their
// old Blogger addresses.
import type { APIRoute } from 'astro';
import { getPublishedPages } from '../data/pages.ts';
import { pagesManifest } from '../lib/pages.ts';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(pagesManifest(await getPublishedPages())), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
