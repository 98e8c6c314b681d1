// RSS feeds with each post's full content, rendered through the same MDX components as its page.
import rss from '@astrojs/rss';
import { getContainerRenderer } from '@astrojs/mdx/container-renderer';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { loadRenderers } from 'astro:container';
import { render } from 'astro:content';
import { mdxComponents } from '../components/mdx.ts';
import { blog } from '../config.ts';
import { withoutOutsideFetches } from '../lib/feed-fetches.ts';
import { absolutiseLinks } from '../lib/feed-html.ts';
import { renderedHtml } from './post-html.ts';
import type { Post } from './posts.ts';

let container: Promise<AstroContainer> | undefined;

function getContainer(): Promise<AstroContainer> {
  container ??= loadRenderers([getContainerRenderer()]).then((renderers) => AstroContainer.create({ renderers }));
  return container;
}

async function postHtml(post: Post, site: URL): Promise<string> {
  const rendered = await renderedHtml(post.entry);
  const html = rendered ?? (await (await getContainer()).renderToString((await render(post.entry)).Content, { props: { components: mdxComponents } }));
  return withoutOutsideFetches(absolutiseLinks(html, site.href), site.href);
}

export async function postsFeed(options: { title: string; description: string; posts: Post[]; site: URL; selfPath: string }): Promise<Response> {
  const { title, description, posts, site } = options;
  const newest = posts.slice(0, blog.feedSize);
  return rss({
    title,
    description,
    site,
    trailingSlash: true,
    xmlns: { atom: 'http://www.w3.org/2005/Atom', dc: 'http://purl.org/dc/elements/1.1/' },
    customData: `<language>${blog.locale.toLowerCase()}</language><atom:link href="${new URL(options.selfPath, site).href}" rel="self" type="application/rss+xml"/>`,
    items: await Promise.all(
      newest.map(async (post) => ({
        title: post.title,
        link: post.url,
        pubDate: post.published,
        ...(post.entry.data.summary ? { description: post.entry.data.summary } : {}),
        content: await postHtml(post, site),
        categories: post.labels.map((label) => label.name),
        customData: `<dc:creator>${escapeXml(post.entry.data.author ?? blog.author)}</dc:creator>`,
      })),
    ),
  });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
