// What a request to the public comment API may carry, field by field (anything else is refused),
// and the one way a refusal is worded: the first problem, naming its field.
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { cleanName, cleanText } from './clean-text.ts';
import { reportReasons } from './types.ts';

const optionalText = (max: number, field: string, clean: (text: string) => string = cleanText) =>
  z
    .string({ error: `${field} must be text` })
    .overwrite(clean)
    .trim()
    .max(max, `${field} is at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** A new comment or reply, from the script (JSON) or the page's form. */
export const newCommentSchema = z.strictObject({
  body: z.string({ error: 'body is required' }).overwrite(cleanText).trim().min(1, 'Write something first.').max(8000, 'A comment is at most 8,000 characters.'),
  name: optionalText(60, 'name', cleanName),
  parentId: z.union([z.number(), z.string().trim()]).optional().transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isSafeInteger(n) || n < 1) {
      ctx.addIssue({ code: 'custom', message: 'parentId must be the id of a comment' });
      return z.NEVER;
    }
    return n;
  }),
  // The writer has been told what could identify them and sends it anyway: JSON true, or the
  // page's checkbox ("on").
  confirmIdentifying: z
    .union([z.boolean(), z.enum(['on', 'true'])], { error: 'confirmIdentifying must be true or false' })
    .optional()
    .transform((v) => v === true || v === 'on' || v === 'true'),
  formToken: z.string().max(200).optional(),
  // The browser check's solution (see proof-of-work.ts).
  pow: z.string().max(2000).optional(),
  // Honeypot: a field people never see, and bots fill in.
  website: z.string().max(2000).optional(),
});
export type CommentInput = z.output<typeof newCommentSchema>;

const removalKeyField = z.string({ error: 'removalKey is required' }).trim().min(1, 'removalKey is required').max(200);
const chosenComment = z.coerce.number({ error: 'Choose a comment' }).int().positive();

/** Removal by the author, the comment named in the address. */
export const removalSchema = z.strictObject({ removalKey: removalKeyField });
/** The same from the page without JavaScript, where the comment is chosen in the form. */
export const formRemovalSchema = z.strictObject({ commentId: chosenComment, removalKey: removalKeyField });

/** A change to one's own comment, with its key. */
export const editSchema = z.strictObject({
  removalKey: removalKeyField,
  body: newCommentSchema.shape.body,
  confirmIdentifying: newCommentSchema.shape.confirmIdentifying,
});

export const reportSchema = z.strictObject({
  reason: z.enum(reportReasons, { error: `reason must be one of ${reportReasons.join(', ')}` }),
  note: optionalText(1000, 'note'),
  pow: newCommentSchema.shape.pow,
});

export const removalRequestSchema = z.strictObject({ note: z.string({ error: 'note is required' }).overwrite(cleanText).trim().min(1, 'Say why the comment is yours and should go: moderators cannot tell who wrote it.').max(2000) });
/** The same from the page without JavaScript, where the comment is chosen in the form. */
export const formRemovalRequestSchema = removalRequestSchema.extend({ commentId: chosenComment });

/** The fields as the schema allows them, or a 422 naming the first field at fault. */
export function parse<T extends z.ZodType>(schema: T, fields: unknown): z.output<T> {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.map(String).join('.') || undefined;
  const message = issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : issue.message;
  throw new ApiError('validation_failed', message, field ? { field } : {});
}

/** A comment's id from the address: anything but a plain positive number names no comment. */
export function commentIdParam(raw: string | undefined): number {
  const text = raw ?? '';
  const id = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError('comment_not_found', 'There is no such comment.');
  return id;
}

/** The shape of a report's or a removal request's reference; anything else is looked up nowhere. */
export const referencePattern = /^[A-Za-z0-9_-]{1,64}$/;
