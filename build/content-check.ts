// Reads every post's frontmatter before a build, the way Astro will: what is wrong (file, line,
// field), in seconds rather than after Vite has started, and when the next scheduled post is due.
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseFrontmatter } from 'astro/markdown';
import { postFiles } from '../site/lib/post-files.ts';
import { postSchema } from '../site/lib/schema.ts';

export interface ContentProblem {
  /** The file, relative to the folder given when it is inside it. */
  file: string;
  /** 1-based line in the file, when the problem has one. */
  line?: number;
  /** The frontmatter field, when the problem is one field's. */
  field?: string;
  message: string;
}

export interface ScheduledPost {
  file: string;
  title: string;
  published: Date;
}

export interface ContentCheck {
  problems: ContentProblem[];
  /** Posts dated after `now`, soonest first: in no page until their time. */
  scheduled: ScheduledPost[];
}

/** The line of `field:` in the frontmatter (the file's first line is the opening ---). */
function fieldLine(rawFrontmatter: string, field: string): number | undefined {
  const index = rawFrontmatter.split('\n').findIndex((line) => line.startsWith(`${field}:`));
  return index < 0 ? undefined : index + 1;
}

/** Checks the posts in `dir` against the content contract and finds those scheduled after `now`. */
export async function checkPosts(dir: string, now: Date): Promise<ContentCheck> {
  const problems: ContentProblem[] = [];
  const scheduled: ScheduledPost[] = [];
  for (const path of await postFiles(dir)) {
    const file = relative(dir, path) || path;
    let parsed: ReturnType<typeof parseFrontmatter>;
    try {
      parsed = parseFrontmatter(await readFile(path, 'utf8'));
    } catch (error) {
      const mark = (error as { mark?: { line?: number } }).mark;
      const reason = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
      problems.push({ file, ...(mark?.line !== undefined ? { line: mark.line + 1 } : {}), message: `the frontmatter is not valid YAML: ${reason}` });
      continue;
    }
    const result = postSchema.safeParse(parsed.frontmatter);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
        const line = field ? fieldLine(parsed.rawFrontmatter, field) : undefined;
        problems.push({ file, ...(line ? { line } : {}), ...(field ? { field } : {}), message: issue.message });
      }
      continue;
    }
    const post = result.data;
    if (!post.draft && post.published.getTime() > now.getTime()) scheduled.push({ file, title: post.title, published: post.published });
  }
  scheduled.sort((a, b) => a.published.getTime() - b.published.getTime() || a.file.localeCompare(b.file));
  return { problems, scheduled };
}

/** One line per problem: `2026/typo.mdx:3: published: "…" is not a date-time`. */
export function describeProblems(problems: readonly ContentProblem[]): string {
  return problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n');
}
