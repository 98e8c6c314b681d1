// How a write is answered. The script sends JSON and is answered in JSON (a refusal goes to the
// root onError as { error }); the page without JavaScript sends a form and is answered with a
// page or a redirect to its thread, and a refusal shows the thread again with the error and what
// the reader wrote. Every write handler says its two answers once, through `answer()`.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { PostsManifestEntry } from '../../../site/lib/posts.ts';
import { ApiError } from '../../errors.ts';
import { escapeHtml } from '../../../site/lib/html.ts';
import { isForm } from '../../request-body.ts';
import type { ThreadPageState } from '../thread-page.ts';
import type { Board } from './board.ts';

export interface Answers<T> {
  /** The answer to the script. */
  json(result: T): Response | Promise<Response>;
  /** The answer to a form post: a redirect to the thread, or a page. */
  form(result: T): Response | Promise<Response>;
  /**
   * The thread a refused form post is shown again on, with what the reader wrote. Without it (or
   * with no such thread) a form's refusal is answered like the script's.
   */
  refusedForm?: { post: PostsManifestEntry | undefined; values?: ThreadPageState['values']; state?: ThreadPageState } | undefined;
}

export async function answer<T>(c: Context, board: Board, write: () => Promise<T>, answers: Answers<T>): Promise<Response> {
  if (!isForm(c)) return answers.json(await write());
  const post = answers.refusedForm?.post;
  if (!post) return answers.form(await write());
  try {
    return await answers.form(await write());
  } catch (error) {
    return formError(c, board, post, error, answers.refusedForm?.values ?? {}, answers.refusedForm?.state);
  }
}

/** A form post that failed: the page again, with the error and what the reader wrote. */
async function formError(c: Context, board: Board, post: PostsManifestEntry, error: unknown, values: ThreadPageState['values'], extra: ThreadPageState = {}): Promise<Response> {
  if (!(error instanceof ApiError)) throw error;
  if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
  c.header('Cache-Control', 'no-store');
  return c.html(await board.renderPage(post, { ...extra, error: { message: error.message, field: error.field, code: error.code, details: error.details, ifSentAnyway: error.ifSentAnyway }, values }, c), error.status);
}

const maxRequestBytes = 16 * 1024;

/**
 * Refuses a body over 16 KiB before reading it. The reader's text cannot be shown again, so the
 * message says how to get it back. Text in Chinese, Japanese or Korean takes 3 bytes a character
 * as JSON, 9 in a form.
 */
export function sizeLimit(board: Board): MiddlewareHandler {
  const kib = maxRequestBytes / 1024;
  return bodyLimit({
    maxSize: maxRequestBytes,
    onError: async (c) => {
      if (!isForm(c)) {
        throw new ApiError('payload_too_large', `This is too long to send: at most ${kib} KiB, about ${(Math.floor(maxRequestBytes / 3 / 100) * 100).toLocaleString('en-GB')} characters of Chinese, Japanese or Korean text. Nothing was saved: shorten it, or split it into two comments.`);
      }
      const message = `This is too long to send from this page: a form carries at most ${kib} KiB, about ${(Math.floor(maxRequestBytes / 9 / 100) * 100).toLocaleString('en-GB')} characters of Chinese, Japanese or Korean text. Nothing was saved. Use your browser’s Back button to get your text back, then shorten it or split it into two comments.`;
      const post = board.posts.get(c.req.param('postId') ?? '');
      if (post) return formError(c, board, post, new ApiError('payload_too_large', message, { field: 'body' }), {});
      c.header('Cache-Control', 'no-store');
      return c.html(board.shell.render({ title: 'Too long to send', main: `<h1>Too long to send</h1><div class="notice notice-error" role="alert"><p>${escapeHtml(message)}</p></div>` }), 413);
    },
  });
}
