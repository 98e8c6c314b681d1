// Submitting a comment: the request's fields checked (validateSubmission), then the comment
// itself (submitComment): limits, reserved names, rendering, the publish-or-hold decision (or a
// warning of what could identify the writer), the insert. Plain inputs in (the source address, the
// staff member if any, the time), plain data out.
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import type { Database } from '../db/database.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';
import type { SourceHasher } from '../privacy/source.ts';
import type { Settings } from '../settings.ts';
import { hitLimits, refuseIfLimited } from '../limits/rate-limits.ts';
import { heldSourceReason, sourcePaused, sourceStanding } from './held-sources.ts';
import { findIdentifyingDetails, identifyingMessage, type IdentifyingDetail } from './identifying.ts';
import { commentLimits, countsAsRefused, refusalLimit } from './limits.ts';
import * as model from './model.ts';
import { decide, isReservedName, type Decision } from './policy.ts';
import { requireProofOfWork } from './proof-of-work.ts';
import { linkReferences, type ReferenceTarget } from './references.ts';
import { newCommentSchema, parse, type CommentInput } from './schemas.ts';
import { anonymousName, publicTime } from './thread.ts';
import type { StoredComment, WrittenComment } from './types.ts';

export interface Renderer {
  /** Markdown source to sanitised HTML; rejects with code body_too_complex for pathological input. */
  render(source: string): Promise<string>;
}

/** What submitting needs of the board, made once. */
export interface SubmitDeps {
  db: Database;
  writes: WriteQueue;
  writer: model.CommentWriter;
  renderer: Renderer;
  sources: SourceHasher;
  settings: () => Promise<Settings>;
  formSecret: string;
  /** false when LIMITS=off: no rate limits, form token, timing or browser check. */
  limits: boolean;
  /** false: no browser check (proof of work) even with the limits on. */
  proofOfWork: boolean;
  /** Names only staff may use, beyond the settings' list: the blog's own author names. */
  staffNames?: readonly string[] | undefined;
  /** More such names, looked up per comment: the staff accounts' names. */
  staffAccountNames?: (() => Promise<readonly string[]>) | undefined;
  /** The post's thread as it stands, for the references a comment makes to earlier ones. */
  thread(post: PostsManifestEntry): Promise<readonly ReferenceTarget[]>;
  /** The blog's clocks, which the times readers refer to are read on. */
  timeZone: string;
}

export interface Submission {
  post: PostsManifestEntry;
  input: CommentInput;
  /** The sender's address, as the limits count it. */
  source: string;
  /** The signed-in staff member sending it from the site itself: they comment under their name, never held or limited. */
  staff: { name: string } | undefined;
  now: number;
  /** Sent by the page's form (without JavaScript), not by the script. */
  form?: boolean;
}

/** A stored comment as its writer is told of it, and the key that removes it (never stored). */
export interface Submitted {
  comment: WrittenComment;
  removalKey: string;
}

/**
 * The fields of a new comment, or why not: checked before anything is looked up (the sender's
 * session included), so a refusal here costs nothing and says nothing.
 */
export function validateSubmission(post: PostsManifestEntry, fields: Record<string, unknown>): CommentInput {
  const input = parse(newCommentSchema, fields);
  if (post.comments === 'closed') throw new ApiError('comments_closed', 'Comments are closed on this post.');
  if (input.website) throw new ApiError('validation_failed', 'This form could not be sent.', { field: 'website' });
  return input;
}

/** Checks limits, renders, decides and stores a new comment; refuses with an ApiError. */
export async function submitComment(deps: SubmitDeps, { post, input, source, staff, now, form = false }: Submission): Promise<Submitted> {
  const settings = await deps.settings();
  // A source the moderators refused for the day is told so before anything else; staff never are.
  const standing = staff ? undefined : await sourceStanding(deps.db, deps.sources, source, now);
  if (standing?.action === 'refuse') throw sourcePaused('comments');
  // "Anonymous" typed as a name is simply anonymous.
  const name = staff ? staff.name : input.name && !isReservedName(input.name, [anonymousName]) ? input.name : undefined;
  // Only a good form from a source with room under its limits learns more (that a name is kept
  // for staff, that the text is too intricate): reading the limits counts nothing, and those
  // refusals count against a budget of refusals, never against the comment limits.
  const limited = deps.limits && !staff;
  const limits = limited ? commentLimits(deps.sources, source, input, post.id, settings, deps.formSecret, now) : [];
  const work = limited && deps.proofOfWork ? await requireProofOfWork(deps.formSecret, input.pow, { form, settings, now }) : { limits: [] };
  limits.push(...work.limits);
  if (limited) await refuseIfLimited(deps.db, [...limits, refusalLimit(deps.sources, source)], now);
  const refused = async (error: unknown): Promise<never> => {
    if (limited && countsAsRefused(error)) await hitLimits(deps.writes, [refusalLimit(deps.sources, source)], now);
    throw error;
  };
  if (!staff && name) {
    const reserved = [...settings.reservedNames, ...(deps.staffNames ?? []), ...((await deps.staffAccountNames?.()) ?? [])];
    if (isReservedName(name, reserved)) await refused(new ApiError('reserved_name', 'That name is kept for the blog’s staff; choose another or leave it empty.', { field: 'name' }));
  }
  const html = await withReferences(deps, post, await renderBody(deps.renderer, input.body).catch(refused), now);
  const decided = decisionOn(post, settings, { body: input.body, html }, { confirmedIdentifying: input.confirmIdentifying, isStaff: staff !== undefined, now });
  const hold = standing?.action === 'hold' ? heldSourceReason : work.hold;
  const decision = hold && decided.action === 'publish' ? { action: 'hold' as const, reason: hold } : decided;
  // A warning for the writer's sake, not a sign of abuse: it counts against no budget, and the
  // form token stays good for sending it again.
  if (decision.action === 'confirm') throw identifyingRefusal(decision.details, settings);
  if (decision.action === 'refuse') await refused(wordRefusal(decision.words));
  const removal = model.newRemovalKey();
  // The limits are checked again, and counted, in the insert's own write: only a stored comment counts.
  const comment = await deps.writer
    .insert(
      {
        postId: post.id,
        parentId: input.parentId ?? null,
        authorName: name ?? null,
        authorKind: staff ? 'staff' : name ? 'named' : 'anonymous',
        bodySource: input.body,
        bodyHtml: html,
        status: decision.action === 'publish' ? 'published' : 'pending',
        heldReason: decision.action === 'hold' ? decision.reason : null,
        flaggedReason: decision.action === 'publish' ? (decision.flagged ?? null) : null,
        // Only what reaches the moderators' queue carries its source's tag: never a plainly published comment.
        sourceTag: decision.action === 'hold' || (decision.action === 'publish' && decision.flagged) ? (standing?.tag ?? null) : null,
        removalKeyHash: removal.hash,
        now,
      },
      limits,
    )
    .catch(refused);
  return { comment: writtenView(comment), removalKey: removal.key };
}

/** A rendered comment with its references linked to the earlier comments of its thread (`self`: a changed comment's own id). */
export async function withReferences(deps: Pick<SubmitDeps, 'thread' | 'timeZone'>, post: PostsManifestEntry, html: string, now: number, self?: number): Promise<string> {
  return linkReferences(html, await deps.thread(post), { now, timeZone: deps.timeZone, self });
}

/** The moderation decision on a comment's text, as it is written or as its author changes it. */
export function decisionOn(post: PostsManifestEntry, settings: Settings, text: { body: string; html: string }, by: { confirmedIdentifying: boolean; isStaff: boolean; now: number }): Decision {
  return decide({
    ...text,
    post: { comments: post.comments, published: new Date(post.published) },
    settings,
    identifying: findIdentifyingDetails(text.body, text.html, settings.identifyingWords),
    confirmedIdentifying: by.confirmedIdentifying,
    isStaff: by.isStaff,
    now: new Date(by.now),
  });
}

/** What could identify someone, said to the writer before it goes out. */
export function identifyingRefusal(details: readonly IdentifyingDetail[], settings: Pick<Settings, 'identifyingDetails'>): ApiError {
  const ifSentAnyway = settings.identifyingDetails === 'hold' ? 'held' : 'published';
  return new ApiError('identifying_detail', identifyingMessage(details, ifSentAnyway), { field: 'body', details: [...details], ifSentAnyway });
}

/**
 * Words the moderators do not accept here, named as listed: the writer wrote them (perhaps in other
 * letters), so this tells them what to edit and nothing more of the list; guessing at the list costs
 * refusals, which are limited.
 */
export function wordRefusal(words: readonly string[]): ApiError {
  const named = words.map((word) => `“${word}”`).join(', ');
  return new ApiError('refused_word', `This comment uses ${words.length > 1 ? 'words' : 'a word'} not accepted here (${named}): edit ${words.length > 1 ? 'them' : 'it'} out and send it again.`, { field: 'body', details: words.map((text) => ({ kind: 'word', text })) });
}

/** The renderer's refusals, in the API's words. */
export async function renderBody(renderer: Renderer, body: string): Promise<string> {
  try {
    return await renderer.render(body);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'body_too_complex') throw new ApiError('body_too_complex', 'This comment is nested too deeply or too intricate to show: simplify its quotes, lists or emphasis.', { field: 'body' });
    if (code === 'overloaded') throw new ApiError('overloaded', 'The board is very busy: send your comment again in a few seconds.', { retryAfter: 5 });
    if (code === 'unavailable') throw new ApiError('unavailable', 'The board is restarting: send your comment again in a few seconds.', { retryAfter: 5 });
    throw error;
  }
}

/** The public view of a comment just written: no number yet (a held comment has none). */
export function writtenView(comment: StoredComment): WrittenComment {
  return {
    id: comment.id,
    parentId: comment.parentId,
    author: { name: comment.authorName ?? anonymousName, kind: comment.authorKind },
    html: comment.bodyHtml,
    createdAt: publicTime(comment.createdAt),
    status: comment.status as 'published' | 'pending',
    ...(comment.editedAt !== null ? { edited: true as const } : {}),
  };
}
