// A page at each old Blogger address of a post or a page (/2021/02/losing-the-plot.html), for
// static hosts: see site/lib/moved.ts.
import type { APIRoute, GetStaticPaths } from 'astro';
import { apiOrigin, blog } from '../config.ts';
import { getPublishedPages } from '../data/pages.ts';
import { getPublishedPosts } from '../data/posts.ts';
import { metaContentSecurityPolicy } from '../lib/csp.ts';
import { movedHtml, movedPages, type Moved } from '../lib/moved.ts';

export const getStaticPaths = (async () => {
  const moved = movedPages(await getPublishedPosts(), await getPublishedPages());
  return moved.map((entry) => ({ params: { moved: entry.from.slice(1) }, props: { entry } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ entry: Moved }> = ({ props, site }) =>
  new Response(movedHtml(props.entry, site!, metaContentSecurityPolicy(apiOrigin), blog.locale), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
