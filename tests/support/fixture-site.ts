// A small, fully known blog for build and browser tests: hand-written posts for each feature,
// plus dated filler so listings page, and two standalone pages. Built with the real pipeline
// (astro build + Pagefind).
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSite } from '../../build/site-build.ts';

export const fixtureSiteUrl = 'http://127.0.0.1:4321';

export interface FixtureFile {
  path: string;
  front: Record<string, unknown>;
  body: string;
}

function yaml(front: Record<string, unknown>): string {
  return Object.entries(front)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n');
}

/** Blogger's HTML, as the importer leaves it; Markdown must pass it through untouched. */
export const importedHtml = `<p>Written on Blogger, with <b>bold words</b> and <i>a few_italic_words</i> * untouched. Tom &amp; Jerry&rsquo;s &#8220;plot&#8221;&nbsp;&mdash; &lt;b&gt; stays text.</p>
<div class="separator"><a href="/images/allotment-in-june.jpg"><img alt="The allotment in June" height="240" src="/images/allotment-in-june.jpg" width="320" /></a></div>
<table>
  <tbody>
    <tr><th>Month</th><th>Visits</th></tr>
    <tr><td>October</td><td>14</td></tr>
  </tbody>
</table>
`;

const handWritten: FixtureFile[] = [
  {
    path: '2021/losing-the-plot.mdx',
    front: { title: 'Losing the Plot', published: '2021-02-04T09:30:00Z', labels: ['Volunteers', 'Guest posts'], author: 'A reader in the North' },
    body: `The allotment scheme is the subject today, and the word **quinquereme** appears only here.

<PullQuote cite="An old hand">Nobody changes in an interview room.</PullQuote>

<Contribution from="a reader in the North" received="2021-02-01">

We grew beans. The beans did not care about our targets.

</Contribution>

| Year | Plots |
| ---- | ----- |
| 2019 | 4     |
| 2020 | 9     |
`,
  },
  {
    path: '2021/closed-for-comment.mdx',
    front: { title: 'Closed for Comment', published: '2021-02-20T12:00:00Z', labels: ['Courts'], comments: 'closed' },
    body: 'A post on which comments are **closed**.\n\n## Why it is closed\n\n| Reason | Days |\n| --- | --- |\n| Court case | 30 |\n',
  },
  {
    path: '2021/held-for-review.md',
    front: { title: 'Held for Review', published: '2021-03-02T08:00:00Z', labels: ['Courts', 'Volunteers'], comments: 'moderated', summary: 'A plain Markdown post whose comments are moderated.' },
    body: 'Plain **Markdown** works too.\n',
  },
  {
    path: '2020/a-guest-piece.mdx',
    front: { title: 'A Guest Piece', published: '2020-06-15T10:00:00Z', labels: ['Guest posts'] },
    body: 'The editor removed this at its author’s request.\n\n<RemovedAtAuthorsRequest removed="2021-01-10" />\n',
  },
  {
    // As the Blogger importer writes a post: Markdown whose body is cleaned HTML, and its old path.
    path: '2018/an-imported-post.md',
    front: { title: 'An Imported Post', published: '2018-11-20T18:45:00Z', labels: ['From the old blog'], bloggerPath: '/2018/11/an-imported-post-from-blogger.html' },
    body: importedHtml,
  },
  {
    path: '2021/secret-draft.mdx',
    front: { title: 'Secret Draft', published: '2021-02-10T10:00:00Z', labels: ['Drafts only'], draft: true },
    body: 'This draft must never be published: zeugma.\n',
  },
];

/** 19 filler posts, one a month from January 2019, every one labelled Volunteers for the first 9. */
function filler(): FixtureFile[] {
  return Array.from({ length: 19 }, (_, i) => {
    const month = (i % 12) + 1;
    const year = 2019 + Math.floor(i / 12);
    return {
      path: `${year}/filler-${i + 1}.mdx`,
      front: {
        title: `Filler ${i + 1}`,
        published: `${year}-${String(month).padStart(2, '0')}-15T10:00:00Z`,
        labels: i < 9 ? ['Volunteers', 'Training'] : ['Training'],
      },
      body: `Filler post number ${i + 1}, written to fill the listings.\n`,
    };
  });
}

const fixturePosts = [...handWritten, ...filler()];
export const publishedCount = fixturePosts.filter((p) => !p.front['draft']).length; // 24

const fixturePages: FixtureFile[] = [
  {
    path: 'stylesheet.md',
    front: { title: 'House Style', published: '2019-05-01T10:00:00Z', updated: '2020-03-01T10:00:00Z', bloggerPath: '/p/stylesheet.html' },
    body: '<p>How we write here: <b>plainly</b>, and about <i>people</i> rather than cases.</p>\n',
  },
  {
    path: 'unfinished.md',
    front: { title: 'Unfinished Page', published: '2019-05-01T10:00:00Z', draft: true },
    body: '<p>This draft page must never be published: zeugma.</p>\n',
  },
];

export async function writeFixtureContent(dir: string, files: FixtureFile[] = fixturePosts): Promise<void> {
  for (const { path, front, body } of files) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `---\n${yaml(front)}\n---\n\n${body}`);
  }
}

export interface BuiltSite {
  root: string;
  contentDir: string;
  pagesDir: string;
  outDir: string;
  log: string[];
}

/**
 * A copy of a built fixture site in a folder of its own (a test may change its posts, its build
 * and its database freely), with the files' times kept, so the copy's build is as up to date as the
 * original's. Astro's cache is not copied: it names files by their absolute paths.
 */
export async function copyBuiltSite(from: string): Promise<BuiltSite> {
  const root = await mkdtemp(join(tmpdir(), 'befriend-site-'));
  await cp(from, root, { recursive: true, preserveTimestamps: true, filter: (source) => source !== join(from, 'cache') });
  return { root, contentDir: join(root, 'content'), pagesDir: join(root, 'pages'), outDir: join(root, 'dist'), log: [] };
}

/**
 * Writes the fixture content into a temporary folder and builds it. Given `posts`, the site has
 * those posts and no pages folder at all, unless `pages` are given too. `urls` are SITE_URL and,
 * for pages on another origin than the API, API_URL.
 */
export async function buildFixtureSite(
  posts?: FixtureFile[],
  pages: FixtureFile[] = posts ? [] : fixturePages,
  urls: { pagesOrigin: string; boardOrigin?: string } = { pagesOrigin: fixtureSiteUrl },
  /** Adds to the content folder before the build, e.g. with a tool that writes posts. */
  prepare?: (contentDir: string) => Promise<unknown>,
): Promise<BuiltSite> {
  const root = await mkdtemp(join(tmpdir(), 'befriend-site-'));
  const contentDir = join(root, 'content');
  // Always set, so the project's own content/pages never reaches a test build.
  const pagesDir = join(root, 'pages');
  const outDir = join(root, 'dist');
  await writeFixtureContent(contentDir, posts);
  if (pages.length > 0) await writeFixtureContent(pagesDir, pages);
  await prepare?.(contentDir);
  const log: string[] = [];
  try {
    await buildSite({ outDir, contentDir, pagesDir, cacheDir: join(root, 'cache'), ...urls, inherit: process.env, log: (line) => log.push(line) });
  } catch (error) {
    throw Object.assign(new Error(`${(error as Error).message}\n${log.join('\n')}`), { log });
  }
  return { root, contentDir, pagesDir, outDir, log };
}
