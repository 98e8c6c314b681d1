// A real `astro build` (and Pagefind) of the fixture blog: the pages say what readers expect.
import { decodeXML } from 'entities';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPost } from '../tools/new-post.ts';
import { buildFixtureSite, type BuiltSite, fixtureSiteUrl, importedHtml, publishedCount } from './support/fixture-site.ts';

let site: BuiltSite;
const page = (path: string) => readFile(join(site.outDir, path), 'utf8');
/** Visible text, roughly: tags dropped, whitespace collapsed. */
const text = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(site.outDir, join(entry.parentPath, entry.name)));
  }
  return out;
}

beforeAll(async () => {
  site = await buildFixtureSite();
});

afterAll(() => (site ? rm(site.root, { recursive: true, force: true }) : undefined));

describe('home', () => {
  it('lists the newest 10 posts with an "Older posts" link only', async () => {
    const html = await page('index.html');
    expect(html.match(/class="post-summary"/g)).toHaveLength(10);
    expect(html).toContain('href="/page/2/" rel="next">Older posts');
    expect(text(html)).not.toContain('Newer posts');
    expect(html.indexOf('Held for Review')).toBeLessThan(html.indexOf('Closed for Comment'));
  });

  it('pages through /page/2/ and /page/3/, the last with 4 posts', async () => {
    expect((await page('page/2/index.html')).match(/class="post-summary"/g)).toHaveLength(10);
    const last = await page('page/3/index.html');
    expect(last.match(/class="post-summary"/g)).toHaveLength(4);
    expect(last).toContain('href="/page/2/" rel="prev">← Newer posts');
    expect(text(last)).not.toContain('Older posts');
    await expect(stat(join(site.outDir, 'page/4/index.html'))).rejects.toThrow();
    await expect(stat(join(site.outDir, 'page/1/index.html'))).rejects.toThrow();
  });

  it('shows the summary, or the opening words of the post', async () => {
    const html = await page('index.html');
    expect(html).toContain('A plain Markdown post whose comments are moderated.');
    expect(text(html)).toContain('The allotment scheme is the subject today');
  });
});

describe('a post', () => {
  it('has its title, long date, author, labels, body and components', async () => {
    const html = await page('2021/02/losing-the-plot/index.html');
    const t = text(html);
    expect(t).toContain('Thursday, 4 February 2021');
    expect(html).toContain('<h1 id="post-title" data-pagefind-meta="title">Losing the Plot</h1>');
    expect(t).toContain('By A reader in the North');
    expect(t).toContain('Labels: Volunteers, Guest posts');
    expect(html).toContain('href="/labels/guest-posts/" rel="tag"');
    expect(html).toContain('<figure class="pull-quote"><blockquote>Nobody changes in an interview room.</blockquote><figcaption>— An old hand</figcaption>');
    expect(t).toContain('Sent in by a reader in the North, Monday, 1 February 2021');
    expect(html).toMatch(/<table>[\s\S]*<td>2020<\/td>/);
    expect(html).toContain('data-post-id="losing-the-plot"');
  });

  it('links the newer and older posts and home', async () => {
    const html = await page('2021/02/losing-the-plot/index.html');
    expect(html).toMatch(/href="\/2021\/02\/closed-for-comment\/" rel="prev">← Newer post/);
    expect(html).toMatch(/href="\/2020\/07\/filler-19\/" rel="next">Older post →/);
    expect(html).toContain('<span class="pager-home"><a href="/">Home</a></span>');
  });

  it('renders a plain .mdx post (the Markdown fast path) with all of Markdown', async () => {
    const html = await page('2021/02/closed-for-comment/index.html');
    expect(html).toContain('A post on which comments are <strong>closed</strong>.');
    expect(html).toMatch(/<h2[^>]*>Why it is closed<\/h2>/);
    expect(html).toMatch(/<td>Court case<\/td>/);
  });

  it('says when comments are closed or moderated', async () => {
    expect(text(await page('2021/02/closed-for-comment/index.html'))).toContain('Comments are closed on this post.');
    expect(await page('2021/02/closed-for-comment/index.html')).toContain('data-comment-policy="closed"');
    expect(await page('2021/03/held-for-review/index.html')).toContain('data-comment-policy="moderated"');
  });

  it('renders the notice of a piece removed at its author’s request', async () => {
    expect(text(await page('2020/06/a-guest-piece/index.html'))).toContain("Removed at the author's request. This piece was taken down on Sunday, 10 January 2021.");
  });
});

describe('a post imported from Blogger', () => {
  it('is Markdown whose HTML body comes through untouched', async () => {
    const html = await page('2018/11/an-imported-post/index.html');
    expect(html).toContain('<h1 id="post-title" data-pagefind-meta="title">An Imported Post</h1>');
    expect(html).toContain(`<div class="post-body" data-pagefind-body>${importedHtml}`);
  });

  it('has an excerpt as readers see the post: references decoded once, underscores inside words kept', async () => {
    const html = await page('2018/11/index.html');
    const excerpt = /<p class="post-excerpt"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1];
    expect(excerpt).toBe('Written on Blogger, with bold words and a few_italic_words * untouched. Tom &amp; Jerry’s “plot” — &lt;b&gt; stays text. Month Visits October 14');
  });

  it('carries its old Blogger path in posts.json', async () => {
    const posts = JSON.parse(await page('posts.json')) as Record<string, unknown>[];
    expect(posts.find((post) => post.id === 'an-imported-post')).toEqual({
      id: 'an-imported-post',
      title: 'An Imported Post',
      url: '/2018/11/an-imported-post/',
      published: '2018-11-20T18:45:00.000Z',
      labels: [{ slug: 'from-the-old-blog', name: 'From the old blog' }],
      comments: 'open',
      bloggerPath: '/2018/11/an-imported-post-from-blogger.html',
    });
    expect(posts.filter((post) => 'bloggerPath' in post)).toHaveLength(1);
  });
});

describe('a standalone page', () => {
  it('is built at /p/<slug>/ with the site layout, its body untouched', async () => {
    const html = await page('p/stylesheet/index.html');
    expect(html).toContain('<title>House Style — Befriend</title>');
    expect(html).toContain('<h1 id="page-title">House Style</h1>');
    expect(text(html)).toContain('Updated Sunday, 1 March 2020');
    expect(html).toContain('<p>How we write here: <b>plainly</b>, and about <i>people</i> rather than cases.</p>');
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html).toContain(`<link rel="canonical" href="${fixtureSiteUrl}/p/stylesheet/"`);
  });

  it('carries a comment thread keyed by its slug, like a post', async () => {
    const html = await page('p/stylesheet/index.html');
    expect(html).toMatch(/<section id="comments"[^>]*data-post-id="stylesheet"[^>]*data-comment-policy="open"/);
    expect(html).toContain('href="/posts/stylesheet/comments"');
  });

  it('is in the sitemap, pages.json and the about page, and in no feed, listing, search or posts.json', async () => {
    expect(await page('sitemap-0.xml')).toContain(`${fixtureSiteUrl}/p/stylesheet/`);
    expect(JSON.parse(await page('pages.json'))).toEqual([{ slug: 'stylesheet', title: 'House Style', url: '/p/stylesheet/', published: '2019-05-01T10:00:00.000Z', comments: 'open', bloggerPath: '/p/stylesheet.html' }]);
    expect(await page('about/index.html')).toContain('<a href="/p/stylesheet/">House Style</a>');
    for (const file of ['posts.json', 'feed.xml', 'index.html', 'archive/index.html', 'page/3/index.html']) {
      expect(await page(file), file).not.toContain('House Style');
    }
    expect(await page('p/stylesheet/index.html')).not.toContain('data-pagefind-body');
  });
});

describe('labels', () => {
  it('heads a label page the Blogger way and pages it', async () => {
    const html = await page('labels/volunteers/index.html');
    expect(text(html)).toContain('Showing posts with label Volunteers. Show all posts');
    expect(html.match(/class="post-summary"/g)).toHaveLength(10);
    expect(html).toContain('href="/labels/volunteers/2/" rel="next">Older posts');
    const second = await page('labels/volunteers/2/index.html');
    expect(second.match(/class="post-summary"/g)).toHaveLength(1);
    expect(second).toContain('href="/labels/volunteers/" rel="prev">← Newer posts');
  });

  it('lists every label with its count', async () => {
    const t = text(await page('labels/index.html'));
    expect(t).toContain('Courts (2 posts)');
    expect(t).toContain('Guest posts (2 posts)');
    expect(t).toContain('Training (19 posts)');
    expect(t).toContain('Volunteers (11 posts)');
  });
});

describe('archive', () => {
  it('counts posts by year and month', async () => {
    const t = text(await page('archive/index.html'));
    expect(t).toContain('2021 (3)');
    expect(t).toContain('February 2021 (2)');
    expect(t).toContain('March 2021 (1)');
    expect(t).toContain('2020 (8)');
    expect(t).toContain('June 2020 (2)');
    expect(t).toContain('2019 (12)');
    expect(t.indexOf('2021 (3)')).toBeLessThan(t.indexOf('2020 (8)'));
  });

  it('has year and month pages', async () => {
    expect(text(await page('2021/index.html'))).toContain('Posts from 2021');
    const month = await page('2021/02/index.html');
    expect(text(month)).toContain('Posts from February 2021');
    expect(month.match(/class="post-summary"/g)).toHaveLength(2);
  });
});

describe('old Blogger addresses on a static host', () => {
  const refreshTo = (html: string) => /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(html)?.[1];

  it('leaves a page at each old address of a post that sends the reader on', async () => {
    for (const old of ['2018/11/an-imported-post-from-blogger.html', '2018/11/an-imported-post.html']) {
      const html = await page(old);
      expect(refreshTo(html), old).toBe('/2018/11/an-imported-post/');
      expect(html).toContain(`<link rel="canonical" href="${fixtureSiteUrl}/2018/11/an-imported-post/">`);
      expect(html).not.toContain('<script');
    }
    expect(refreshTo(await page('2021/02/losing-the-plot.html'))).toBe('/2021/02/losing-the-plot/');
    expect(refreshTo(await page('p/stylesheet.html'))).toBe('/p/stylesheet/');
  });

  it('and at Blogger’s label searches', async () => {
    expect(refreshTo(await page('search/label/Guest posts/index.html'))).toBe('/labels/guest-posts/');
  });

  it('keeps them out of the sitemap and the search index, and leaves none for a draft', async () => {
    const sitemap = await page('sitemap-0.xml');
    expect(sitemap).not.toContain('/search/label/');
    expect(sitemap).not.toMatch(/\.html</);
    // Only post pages are indexed, a year to an index: together they hold exactly the published posts.
    const { years } = JSON.parse(await page('pagefind/shards.json')) as { years: string[] };
    let indexed = 0;
    for (const year of years) {
      const entry = JSON.parse(await page(`pagefind/${year}/pagefind-entry.json`)) as { languages: Record<string, { page_count: number }> };
      indexed += Object.values(entry.languages).reduce((sum, l) => sum + l.page_count, 0);
    }
    expect(indexed).toBe(publishedCount);
    await expect(page('2021/02/secret-draft.html')).rejects.toThrow(/ENOENT/);
  });
});

describe('feeds, sitemap and manifest', () => {
  it('the site feed carries full content and labels as categories', async () => {
    const xml = await page('feed.xml');
    expect(xml.match(/<item>/g)).toHaveLength(20);
    expect(xml).toContain(`<link>${fixtureSiteUrl}/2021/02/losing-the-plot/</link>`);
    expect(xml).toContain('<category>Guest posts</category>');
    expect(xml).toContain('quinquereme');
    expect(xml).toContain('class=&quot;pull-quote&quot;');
    expect(xml).toContain('comments are &lt;strong&gt;closed&lt;/strong&gt;');
  });

  it('each label has a feed', async () => {
    const xml = await page('labels/courts/feed.xml');
    expect(xml.match(/<item>/g)).toHaveLength(2);
    expect(xml).toContain('<title>Befriend — Courts</title>');
  });

  it('posts.json lists every published post, newest first, in the agreed shape', async () => {
    const posts = JSON.parse(await page('posts.json')) as Record<string, unknown>[];
    expect(posts).toHaveLength(publishedCount);
    expect(posts[0]).toEqual({
      id: 'held-for-review',
      title: 'Held for Review',
      url: '/2021/03/held-for-review/',
      published: '2021-03-02T08:00:00.000Z',
      labels: [
        { slug: 'courts', name: 'Courts' },
        { slug: 'volunteers', name: 'Volunteers' },
      ],
      comments: 'moderated',
    });
  });

  it('has a _headers file giving static hosts the server’s security headers', async () => {
    const headers = await page('_headers');
    expect(headers).toMatch(/^\/\*\n  Content-Security-Policy: default-src 'self';[^\n]*frame-ancestors 'none'\n/);
    for (const line of ['  X-Frame-Options: DENY', '  X-Content-Type-Options: nosniff', '  Referrer-Policy: no-referrer', '/_astro/*\n  Cache-Control: public, max-age=31536000, immutable']) expect(headers).toContain(line);
    // The fixture's address is http: no HSTS.
    expect(headers).not.toContain('Strict-Transport-Security');
  });

  it('has a sitemap and robots.txt', async () => {
    expect(await page('sitemap-index.xml')).toContain(`${fixtureSiteUrl}/sitemap-0.xml`);
    expect(await page('sitemap-0.xml')).toContain(`${fixtureSiteUrl}/2021/02/losing-the-plot/`);
    expect(await page('robots.txt')).toContain(`Sitemap: ${fixtureSiteUrl}/sitemap-index.xml`);
  });

  it('builds the search index, one per year of posts, newest first', async () => {
    const { years } = JSON.parse(await page('pagefind/shards.json')) as { years: string[] };
    expect(years.length).toBeGreaterThan(1);
    expect([...years].sort().reverse()).toEqual(years);
    for (const year of years) expect((await stat(join(site.outDir, 'pagefind', year, 'pagefind.js'))).isFile()).toBe(true);
  });
});

describe('drafts and privacy', () => {
  it('a draft post or page reaches no page, feed, sitemap, label or manifest', async () => {
    const all = await files(site.outDir);
    expect(all.some((f) => f.includes('secret-draft'))).toBe(false);
    expect(all.some((f) => f.includes('drafts-only'))).toBe(false);
    expect(all.some((f) => f.includes('unfinished'))).toBe(false);
    for (const file of all.filter((f) => /\.(html|xml|json)$/.test(f))) {
      expect(await page(file), file).not.toContain('zeugma');
    }
  });

  it('no page loads anything from another origin, runs inline script or inline style', async () => {
    const html = (await files(site.outDir)).filter((f) => f.endsWith('.html'));
    expect(html.length).toBeGreaterThan(30);
    for (const file of html) {
      const body = await page(file);
      // Links to other sites are fine in text; nothing may be loaded from them.
      for (const [, src] of body.matchAll(/\bsrc="([^"]*)"/g)) expect(src, file).toMatch(/^(\/(?!\/)|data:)/);
      for (const [tag] of body.matchAll(/<link\b[^>]*>/g)) {
        if (/rel="(stylesheet|icon|preload|modulepreload|manifest|prefetch)"/.test(tag!)) expect(tag, file).toMatch(/href="\/(?!\/)/);
      }
      expect(body, file).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(body, file).not.toMatch(/<style[\s>]/);
      expect(body, file).not.toMatch(/\sstyle="/);
      expect(body, file).toContain('http-equiv="Content-Security-Policy"');
    }
  });

  it('every page ends with </html>: no script or anything else after it', async () => {
    const html = (await files(site.outDir)).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'));
    expect(html).toContain('search/index.html');
    for (const file of html) {
      const body = await page(file);
      expect(body.match(/<\/html>/g), file).toHaveLength(1);
      expect(body.trimEnd().endsWith('</html>'), `${file} ends with …${body.trimEnd().slice(-120)}`).toBe(true);
    }
  });
});

describe('bad frontmatter', () => {
  it('fails the build naming the file and the field', async () => {
    const error = await buildFixtureSite([
      { path: '2021/fine.mdx', front: { title: 'Fine', published: '2021-01-01T00:00:00Z', labels: [] }, body: 'Fine.\n' },
      { path: '2021/broken-post.mdx', front: { title: 'Broken', published: '2021-01-01T00:00:00Z', comments: 'sometimes' }, body: 'Broken.\n' },
    ]).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain('broken-post');
    expect(error!.message).toContain('comments');
  });
});

describe('duplicate post ids', () => {
  it('fails the build when two files share a name (a post id) in different years', async () => {
    const error = await buildFixtureSite([
      { path: '2020/same-name.mdx', front: { title: 'One', published: '2020-01-01T00:00:00Z' }, body: 'One.\n' },
      { path: '2021/same-name.mdx', front: { title: 'Two', published: '2021-01-01T00:00:00Z' }, body: 'Two.\n' },
    ]).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/same-name/);
  });
});

describe('a post just made with npm run new-post, beside media an older import left from elsewhere', () => {
  let fresh: BuiltSite;
  beforeAll(async () => {
    const oldImport = `<p>Our talk:</p><video src="https://cdn.example/talk.mp4" poster="https://cdn.example/still.jpg" title="The talk"><track src="https://cdn.example/talk.vtt"></video><audio><source src="https://radio.example/show.mp3"></audio><picture><source srcset="https://img.example/hall.avif"><img src="https://img.example/hall.jpg" alt="The hall"></picture><img src="/images/ours.jpg" alt="Ours">\n`;
    fresh = await buildFixtureSite(
      [{ path: '2019/old-media.md', front: { title: 'Old Media', published: '2019-01-01T10:00:00Z', labels: ['Talks'] }, body: oldImport }],
      [],
      { pagesOrigin: fixtureSiteUrl },
      (contentDir) => createPost({ title: 'Losing the Plot', labels: ['Volunteers'], published: new Date('2021-02-04T09:30:00Z'), contentDir }),
    );
  });
  afterAll(() => (fresh ? rm(fresh.root, { recursive: true, force: true }) : undefined));

  it('builds, the new post with its placeholder text', async () => {
    const html = await readFile(join(fresh.outDir, '2021/02/losing-the-plot/index.html'), 'utf8');
    expect(html).toContain('Write here.');
  });

  it('/feed.xml and the label feeds carry nothing a feed reader would fetch from another origin', async () => {
    for (const path of ['feed.xml', 'labels/talks/feed.xml']) {
      const content = [...(await readFile(join(fresh.outDir, path), 'utf8')).matchAll(/<content:encoded>([\s\S]*?)<\/content:encoded>/g)].map((m) => decodeXML(m[1]!)).join('\n');
      expect(content, path).toContain('Our talk:');
      expect(content, path).not.toMatch(/<(video|audio|picture|source|track)\b|\b(poster|srcset)=/);
      for (const [, address] of content.matchAll(/\bsrc="([^"]*)"/g)) expect(address, path).toMatch(new RegExp(`^${fixtureSiteUrl}/`));
      expect(content, path).toContain('<a href="https://cdn.example/talk.mp4">[Video: The talk]</a>');
      expect(content, path).toContain(`<img src="${fixtureSiteUrl}/images/ours.jpg" alt="Ours">`);
    }
  });
});
