// The desk's form: what the editor typed (text, unchecked), and the post it asks for, or what is
// wrong with it by field. Publishing an already published post keeps its date.
import { randomBytes } from 'node:crypto';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../api/errors.ts';
import { zonedInstant } from '../site/lib/dates.ts';
import type { EditorFields } from './pages.ts';
import { checkFields, isCommentPolicy, type FieldProblem, type PostFields } from './post-source.ts';

export const actions = ['draft', 'publish', 'schedule', 'preview'] as const;
export type Action = (typeof actions)[number];

/** A post's text is at most 512 KiB; a form around it, a little more. */
export const postBody = bodyLimit({
  maxSize: 600 * 1024,
  onError: () => {
    throw new ApiError('payload_too_large', 'A post is at most 512 KiB of text: split it in two.');
  },
});

export const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

/** A post not saved yet is known by a key of its own until it has an id: "new-" and 16 hex digits. */
export const isNewDraftKey = (key: unknown): key is string => typeof key === 'string' && /^new-[a-f0-9]{16}$/.test(key);
export const newDraftKey = () => `new-${randomBytes(8).toString('hex')}`;

/** The version of the file the form started from (absent for a new post). */
export const baseVersionOf = (fields: Record<string, unknown>) => (typeof fields['baseVersion'] === 'string' && fields['baseVersion'] ? fields['baseVersion'] : undefined);

/** The labels as typed: separated by commas. */
export const labelsOf = (input: EditorFields) =>
  input.labels
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);

/** "Publish at", as an instant on the blog's clocks; undefined when empty or not a date and time. */
export const atOf = (input: EditorFields, timeZone: string) => (input.at.trim() ? zonedInstant(input.at, timeZone) : undefined);

/** The form as typed. */
export function editorFieldsFrom(fields: Record<string, unknown>): EditorFields {
  return {
    title: text(fields['title'], 400),
    labels: text(fields['labels'], 4000),
    summary: text(fields['summary'], 2000),
    author: text(fields['author'], 200),
    comments: text(fields['comments'], 20) || 'open',
    at: text(fields['at'], 40),
    body: text(fields['body'], 512 * 1024),
  };
}

/**
 * The post the form asks for, or what is wrong with it by field. `existing` is the post as saved;
 * publishing an already published post keeps its date, and marks it updated when its text changed.
 */
export function postFieldsFrom(input: EditorFields, action: Action, existing: PostFields | undefined, now: number, timeZone: string): { fields?: PostFields; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const title = input.title.trim();
  if (/(^|[\\/])\.\.([\\/]|$)/.test(title) || /^[\\/]/.test(title)) problems.push({ field: 'title', message: 'a title cannot look like a file path (../ or a leading /): write it as readers will see it' });
  if (!/[\p{L}\p{N}]/u.test(title)) problems.push({ field: 'title', message: 'the title needs at least one letter or digit' });
  if (!isCommentPolicy(input.comments)) problems.push({ field: 'comments', message: 'comments are open, moderated or closed' });
  const at = atOf(input, timeZone);
  if (input.at.trim() && !at) problems.push({ field: 'at', message: `"${input.at}" is not a date and time` });
  const wasLive = existing !== undefined && !existing.draft && existing.published.getTime() <= now;
  let published: Date;
  if (action === 'schedule') {
    if (!at) problems.push({ field: 'at', message: 'choose the date and time to publish at' });
    else if (at.getTime() <= now) problems.push({ field: 'at', message: 'that time has passed: choose a time in the future, or Publish now' });
    published = at ?? new Date(minute(now));
  } else if (action === 'publish') {
    published = wasLive ? existing.published : new Date(minute(now));
  } else {
    published = at ?? existing?.published ?? new Date(minute(now));
  }
  const body = input.body.replace(/\r\n?/g, '\n');
  const changed = existing !== undefined && (existing.body.trim() !== body.trim() || existing.title !== title);
  const fields: PostFields = {
    title,
    published,
    updated: action === 'publish' && wasLive && changed ? new Date(Math.max(minute(now), existing.published.getTime())) : action === 'publish' && wasLive ? existing.updated : undefined,
    labels: labelsOf(input),
    author: input.author.trim() || undefined,
    summary: input.summary.trim() || undefined,
    comments: isCommentPolicy(input.comments) ? input.comments : 'open',
    draft: action === 'draft',
    bloggerPath: existing?.bloggerPath,
    bloggerId: existing?.bloggerId,
    body,
  };
  problems.push(...checkFields(fields).filter((p) => !problems.some((q) => q.field === p.field)));
  return problems.length > 0 ? { problems } : { fields, problems };
}

