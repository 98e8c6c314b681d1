// The anchor of bench/publish.ts: Hugo (Debian's `hugo`) building the same posts, converted to its
// frontmatter, with minimal templates (a page per post, paged listings, a page per label), into a
// fresh folder, as the research measured it.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseFrontmatter } from 'astro/markdown';

/** Hugo's version line, or undefined when it is not installed. */
export function hugoVersion(): string | undefined {
  const result = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split(' ').slice(0, 2).join(' ') : undefined;
}

const templates: Record<string, string> = {
  'layouts/_default/baseof.html': '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n',
  'layouts/_default/single.html': '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}</time>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}{{ .Content }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</article>{{ end }}\n',
  'layouts/_default/list.html': '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range (.Paginate .Pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}{{ end }}\n',
  'layouts/index.html': '{{ define "main" }}{{ range (.Paginate (where .Site.RegularPages "Section" "posts")).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}{{ end }}\n',
  'hugo.toml': 'baseURL = "http://127.0.0.1:4321/"\nlanguageCode = "en-gb"\ntitle = "Befriend"\ndisableKinds = ["RSS"]\n[pagination]\npagerSize = 10\n',
};

/** Writes the Hugo site for `contentDir`'s posts into `dir`, then times `hugo` into a fresh folder. */
export async function buildWithHugo(contentDir: string, dir: string): Promise<number> {
  for (const [path, text] of Object.entries(templates)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const files = (await readdir(contentDir, { recursive: true })).filter((name) => /\.mdx?$/.test(name));
  for (const name of files) {
    const { frontmatter, content } = parseFrontmatter(await readFile(join(contentDir, name), 'utf8'));
    const front = { title: frontmatter['title'], date: new Date(frontmatter['published'] as string).toISOString(), tags: frontmatter['labels'] ?? [], ...(frontmatter['summary'] ? { summary: frontmatter['summary'] } : {}) };
    const body = content.replace(/<\/?(PullQuote|Contribution)\b[^>]*>/g, '');
    const target = join(dir, 'content', 'posts', relative(contentDir, join(contentDir, name)).replace(/\.mdx$/, '.md'));
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, `${JSON.stringify(front, null, 2)}\n${body}`);
  }
  const started = performance.now();
  const result = spawnSync('hugo', ['--source', dir, '--destination', join(dir, `public-${Date.now()}`), '--quiet'], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`hugo failed: ${result.stderr.slice(-2000)}`);
  return seconds;
}
