// A post as the desk edits it (its fields and its body) and as a file holds it (frontmatter and
// MDX): the desk writes the frontmatter a person would write, and reads any post file the build
// reads, with the same parser and the same contract (site/lib/schema.ts).
import { createHash } from 'node:crypto';
import { parseFrontmatter } from 'astro/markdown';
import { commentPolicies, postSchema, type CommentPolicy } from '../site/lib/schema.ts';

export interface PostFields {
  title: string;
  published: Date;
  updated?: Date | undefined;
  labels: string[];
  author?: string | undefined;
  summary?: string | undefined;
  comments: CommentPolicy;
  draft: boolean;
  /** An imported post's old Blogger address, kept as it was. */
  bloggerPath?: string | undefined;
  /** An imported post's number on Blogger (its old comment feed's address), kept as it was. */
  bloggerId?: string | undefined;
  body: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** A file's version: what a save says it started from, so that a save over a newer one is refused. */
export function versionOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** "2026-12-06T21:30:00Z": an instant in frontmatter, to the second. */
const isoSecond = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A YAML string: JSON's double-quoted form is YAML's too. */
const quoted = (text: string) => JSON.stringify(text);

/** The file for `fields`: frontmatter in a fixed order, a blank line, then the body. */
export function postSource(fields: PostFields): string {
  const lines = ['---', `title: ${quoted(fields.title)}`, `published: ${isoSecond(fields.published)}`];
  if (fields.updated) lines.push(`updated: ${isoSecond(fields.updated)}`);
  lines.push(`labels: [${fields.labels.map(quoted).join(', ')}]`);
  if (fields.author) lines.push(`author: ${quoted(fields.author)}`);
  if (fields.summary) lines.push(`summary: ${quoted(fields.summary)}`);
  if (fields.comments !== 'open') lines.push(`comments: ${fields.comments}`);
  if (fields.draft) lines.push('draft: true');
  if (fields.bloggerPath) lines.push(`bloggerPath: ${quoted(fields.bloggerPath)}`);
  if (fields.bloggerId) lines.push(`bloggerId: ${quoted(fields.bloggerId)}`);
  lines.push('---', '');
  const body = fields.body.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  return `${lines.join('\n')}\n${body}\n`;
}

/** The line of the file where its body starts (1-based): after the frontmatter and blank lines. */
export function bodyStartLine(text: string): number {
  const front = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text)?.[0] ?? '';
  const blank = /^(?:[ \t]*\r?\n)*/.exec(text.slice(front.length))?.[0] ?? '';
  return front.split('\n').length + blank.split('\n').length - 1 - (front.endsWith('\n') || front === '' ? 0 : -1);
}

/** Reads a post file into fields; the problems name the field, as the build would. */
export function readPostSource(text: string): { fields: PostFields } | { problems: FieldProblem[] } {
  let parsed: ReturnType<typeof parseFrontmatter>;
  try {
    parsed = parseFrontmatter(text);
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
    return { problems: [{ field: 'frontmatter', message: `the frontmatter is not valid YAML: ${reason}` }] };
  }
  const result = postSchema.safeParse(parsed.frontmatter);
  if (!result.success) return { problems: result.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'frontmatter'), message: issue.message })) };
  const data = result.data;
  return {
    fields: {
      title: data.title,
      published: data.published,
      updated: data.updated,
      labels: data.labels.map((label) => label.name),
      author: data.author,
      summary: data.summary,
      comments: data.comments,
      draft: data.draft,
      bloggerPath: data.bloggerPath,
      bloggerId: data.bloggerId,
      body: parsed.content.replace(/^\n+/, '').replace(/\s+$/, ''),
    },
  };
}

/** Checks fields against the content contract (what the build will accept). */
export function checkFields(fields: PostFields): FieldProblem[] {
  const front = Object.fromEntries(
    Object.entries({
      title: fields.title,
      published: fields.published,
      updated: fields.updated,
      labels: fields.labels,
      author: fields.author,
      summary: fields.summary,
      comments: fields.comments,
      draft: fields.draft,
      bloggerPath: fields.bloggerPath,
      bloggerId: fields.bloggerId,
    }).filter(([, value]) => value !== undefined),
  );
  const result = postSchema.safeParse(front);
  return result.success ? [] : result.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'post'), message: issue.message }));
}

export const isCommentPolicy = (value: string): value is CommentPolicy => (commentPolicies as readonly string[]).includes(value);
