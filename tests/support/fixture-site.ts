// A small, fully known blog for build and browser tests: hand-written posts for each feature,
// plus dated filler so listings page. Built with the real pipeline (astro build + Pagefind).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSite } from '../../api/site-build.ts';

export const fixtureSiteUrl = 'http://127.0.0.1:4321';

interface FixturePost {
  path: string;
  front: Record<string, unknown>;
  body: string;
}

function yaml(front: Record<string, unknown>): string {
  return Object.entries(front)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n');
}

const handWritten: FixturePost[] = [
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
    path: '2021/secret-draft.mdx',
    front: { title: 'Secret Draft', published: '2021-02-10T10:00:00Z', labels: ['Drafts only'], draft: true },
    body: 'This draft must never be published: zeugma.\n',
  },
];

/** 19 filler posts, one a month from January 2019, every one labelled Volunteers for the first 9. */
function filler(): FixturePost[] {
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

export const fixturePosts = [...handWritten, ...filler()];
export const publishedCount = fixturePosts.filter((p) => !p.front['draft']).length; // 23

export async function writeFixtureContent(dir: string, posts: FixturePost[] = fixturePosts): Promise<void> {
  for (const post of posts) {
    const file = join(dir, post.path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `---\n${yaml(post.front)}\n---\n\n${post.body}`);
  }
}

export interface BuiltSite {
  root: string;
  contentDir: string;
  outDir: string;
  log: string[];
}

/** Writes the fixture content (or `posts`) into a temporary folder and builds it. */
export async function buildFixtureSite(posts?: FixturePost[]): Promise<BuiltSite> {
  const root = await mkdtemp(join(tmpdir(), 'befriend-site-'));
  const contentDir = join(root, 'content');
  const outDir = join(root, 'dist');
  await writeFixtureContent(contentDir, posts);
  const log: string[] = [];
  try {
    await buildSite({ outDir, contentDir, cacheDir: join(root, 'cache'), siteUrl: fixtureSiteUrl, log: (line) => log.push(line) });
  } catch (error) {
    throw Object.assign(new Error(`${(error as Error).message}\n${log.join('\n')}`), { log });
  }
  return { root, contentDir, outDir, log };
}
