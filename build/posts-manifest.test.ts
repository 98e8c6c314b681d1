import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPagesManifest, loadPostsManifest } from './posts-manifest.ts';

let dist: string;
beforeEach(async () => {
  dist = await mkdtemp(join(tmpdir(), 'befriend-manifest-'));
});
afterEach(() => rm(dist, { recursive: true, force: true }));

const post = { id: 'x-2', title: 'X', url: '/2021/05/x-2/', published: '2021-05-01T00:00:00.000Z', labels: [], comments: 'open' };

describe('loadPostsManifest', () => {
  it('reads posts, with and without an old Blogger path and number', async () => {
    const posts = [post, { ...post, id: 'x', url: '/2020/01/x/', bloggerPath: '/2020/01/x.html', bloggerId: '6558632220679596410' }];
    await writeFile(join(dist, 'posts.json'), JSON.stringify(posts));
    expect(await loadPostsManifest(dist)).toStrictEqual(posts);
  });

  it.each([
    [undefined, /posts\.json is missing: build the site first/],
    [[{ ...post, url: 'relative/' }], /posts\.json is not a posts manifest/],
    [[{ ...post, bloggerPath: 'x.html' }], /posts\.json is not a posts manifest/],
    [[{ ...post, bloggerId: 'post-1' }], /posts\.json is not a posts manifest/],
  ])('refuses %j', async (content, message) => {
    if (content) await writeFile(join(dist, 'posts.json'), JSON.stringify(content));
    await expect(loadPostsManifest(dist)).rejects.toThrow(message);
  });
});

describe('loadPagesManifest', () => {
  it('reads pages', async () => {
    const page = { title: 'Stylesheet', published: '2022-09-30T01:05:00.000Z', comments: 'open' };
    const pages = [{ slug: 'stylesheet', ...page, url: '/p/stylesheet/', bloggerPath: '/p/stylesheet.html' }, { slug: 'contact', ...page, url: '/p/contact/' }];
    await writeFile(join(dist, 'pages.json'), JSON.stringify(pages));
    expect(await loadPagesManifest(dist)).toStrictEqual(pages);
  });

  it('reads no pages when the site has no pages.json', async () => {
    expect(await loadPagesManifest(dist)).toEqual([]);
  });

  it.each([
    [{ pages: [] }, /pages\.json is not a pages manifest/],
    [[{ slug: '', url: '/p//' }], /pages\.json is not a pages manifest/],
  ])('refuses %j', async (content, message) => {
    await writeFile(join(dist, 'pages.json'), JSON.stringify(content));
    await expect(loadPagesManifest(dist)).rejects.toThrow(message);
  });
});
