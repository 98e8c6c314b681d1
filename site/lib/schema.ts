// The content contract: what a post's or a page's frontmatter may say. Astro validates every file
// against it and fails the build naming the file and the field.
import { z } from 'astro/zod';
import { normaliseLabels } from './labels.ts';

export const commentPolicies = ['open', 'moderated', 'closed'] as const;
export type CommentPolicy = (typeof commentPolicies)[number];

const dateTime = z.union([z.date(), z.string().trim().min(1)]).transform((value, ctx) => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a date-time; write e.g. 2021-02-04T09:30:00Z` });
    return z.NEVER;
  }
  return date;
});

const labelName = z
  .string()
  .trim()
  .min(1, 'a label cannot be empty')
  .max(80, 'a label is at most 80 characters')
  .refine((name) => /[\p{L}\p{N}]/u.test(name), 'a label needs at least one letter or digit');

const title = z.string().trim().min(1, 'the title cannot be empty').max(300);

const updatedNotBeforePublished = (entry: { published: Date; updated?: Date | undefined }) =>
  !entry.updated || entry.updated.getTime() >= entry.published.getTime();
const updatedRule = { message: '`updated` cannot be earlier than `published`', path: ['updated'] };

/** The path of an imported post's or page's old Blogger address, e.g. /2022/09/some-post.html. */
const bloggerPath = z
  .string()
  .trim()
  .max(500)
  .regex(/^\/[^\s?#]*\.html$/, 'a Blogger path starts with "/" and ends with ".html", e.g. /2022/09/some-post.html');

/** An imported post's or page's number on Blogger, which its old comment feed is named by (/feeds/<id>/comments/default). */
const bloggerId = z.string().regex(/^[0-9]{1,30}$/, 'a Blogger id is the number from the export, e.g. "6558632220679596410"');

export const postSchema = z
  .strictObject({
    title,
    published: dateTime,
    updated: dateTime.optional(),
    labels: z.array(labelName).default([]).transform(normaliseLabels),
    author: z.string().trim().min(1).max(120).optional(),
    summary: z.string().trim().min(1).max(1000).optional(),
    draft: z.boolean().default(false),
    comments: z.enum(commentPolicies).default('open'),
    bloggerPath: bloggerPath.optional(),
    bloggerId: bloggerId.optional(),
    /** Set by the content loader (the post's first words), never in frontmatter. */
    opening: z.string().optional(),
  })
  .refine(updatedNotBeforePublished, updatedRule);

/** A standalone page (Blogger's "pages": about the team, contact…): no labels, feeds or comments. */
export const pageSchema = z
  .strictObject({
    title,
    published: dateTime,
    updated: dateTime.optional(),
    draft: z.boolean().default(false),
    /** Pages have a comment thread too (Blogger's did). */
    comments: z.enum(commentPolicies).default('open'),
    bloggerPath: bloggerPath.optional(),
    bloggerId: bloggerId.optional(),
  })
  .refine(updatedNotBeforePublished, updatedRule);
