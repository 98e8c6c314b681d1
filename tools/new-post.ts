// npm run new-post -- "Title" --labels "Volunteers,Mentoring" [--date 2021-02-04T09:30:00Z] [--draft] [--md]
// Creates content/posts/<year>/<slug>.mdx with valid frontmatter and prints its path.
import { access, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveTimeZone } from '../site/lib/time-zone.ts';
import { zonedDate } from '../site/lib/dates.ts';
import { postIdFromPath, slugifyTitle, uniqueSlug } from '../site/lib/post-id.ts';
import { postSchema } from '../site/lib/schema.ts';

async function existingIds(dir: string): Promise<Set<string>> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return new Set(entries.filter((e) => /\.(md|mdx)$/.test(e)).map(postIdFromPath));
}

export interface NewPostOptions {
  title: string;
  labels: string[];
  published: Date;
  draft?: boolean;
  format?: 'mdx' | 'md';
  contentDir: string;
}

export async function createPost(options: NewPostOptions): Promise<string> {
  const base = slugifyTitle(options.title);
  if (!base) throw new Error('The title needs at least one letter or digit to name the file.');
  const front = { title: options.title.trim(), published: options.published.toISOString().replace(/\.000Z$/, 'Z'), labels: options.labels, ...(options.draft ? { draft: true } : {}) };
  const checked = postSchema.safeParse(front);
  if (!checked.success) throw new Error(checked.error.issues.map((i) => `${i.path.join('.') || 'post'}: ${i.message}`).join('\n'));

  const id = uniqueSlug(base, await existingIds(options.contentDir));
  const year = zonedDate(options.published, resolveTimeZone(process.env)).year;
  const dir = join(options.contentDir, String(year));
  const file = join(dir, `${id}.${options.format ?? 'mdx'}`);
  await mkdir(dir, { recursive: true });
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists) throw new Error(`${file} already exists.`);
  const yaml = [
    '---',
    `title: ${JSON.stringify(front.title)}`,
    `published: ${front.published}`,
    `labels: [${options.labels.map((l) => JSON.stringify(l)).join(', ')}]`,
    '# summary: "One or two sentences for listings and feeds."',
    '# comments: open   # or moderated, or closed',
    ...(options.draft ? ['draft: true'] : []),
    '---',
    '',
    // In code, so that the placeholder is valid MDX: an unclosed tag would stop the build.
    'Write here. Markdown works, and in an .mdx post so do `<PullQuote>`, `<Contribution from="…">…</Contribution>` and `<RemovedAtAuthorsRequest />` (see the README).',
    '',
  ];
  await writeFile(file, yaml.join('\n'), { flag: 'wx' });
  return file;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      labels: { type: 'string', default: '' },
      date: { type: 'string' },
      draft: { type: 'boolean', default: false },
      md: { type: 'boolean', default: false },
    },
  });
  const title = positionals.join(' ').trim();
  if (!title) {
    console.error('Usage: npm run new-post -- "Title" --labels "Volunteers,Mentoring" [--date 2021-02-04T09:30:00Z] [--draft] [--md]');
    process.exit(2);
  }
  const published = values.date ? new Date(values.date) : new Date(Math.floor(Date.now() / 60_000) * 60_000);
  if (Number.isNaN(published.getTime())) {
    console.error(`--date "${values.date}" is not a date-time; write e.g. 2021-02-04T09:30:00Z`);
    process.exit(2);
  }
  const contentDir = process.env['BEFRIEND_CONTENT_DIR'] ?? join(process.cwd(), 'content', 'posts');
  try {
    const file = await createPost({
      title,
      labels: values.labels.split(',').map((l) => l.trim()).filter(Boolean),
      published,
      draft: values.draft,
      format: values.md ? 'md' : 'mdx',
      contentDir,
    });
    console.log(relative(process.cwd(), file));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
