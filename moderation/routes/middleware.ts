// The moderation app's middleware, made with createMiddleware so what each one learns is typed on
// c.var: nothing cached or indexed, small bodies for the forms anyone can send, the same-origin
// check, who is signed in, and editors only. Also the session lookup the comment API uses to let
// staff comment under their account.
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { Database } from '../../api/db/database.ts';
import { ApiError } from '../../api/errors.ts';
import type { Account } from '../auth/accounts.ts';
import { readSessionToken, sessionCookieHeader, validateSessionToken } from '../auth/sessions.ts';
import { wantsJson } from './respond.ts';

/** A valid session: whose it is, and its id (to end it). */
export interface Session {
  account: Account;
  sessionId: string;
}

/** c.var once `signedIn` has run: the account, and the session it signed in with. */
export type SignedInEnv = { Variables: { account: Account; session: Session } };

/** c.var of any request whose session was looked up: the lookup, kept for the rest of the request. */
type SessionLookupEnv = { Variables: { moderationSession: Promise<Session | undefined> } };

/** The request's valid session, if any (looked up once per request). */
export type SessionOf = (c: Context) => Promise<Session | undefined>;

/**
 * Browsers say where a request comes from: `Sec-Fetch-Site`, or failing that `Origin`. A request
 * that says neither is refused too: every browser that can carry our cookie sends one of them.
 */
export function sameOrigin(c: Context, boardOrigin: string): boolean {
  const site = c.req.header('Sec-Fetch-Site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = c.req.header('Origin');
  return origin !== undefined && origin === boardOrigin;
}

/**
 * Reads the session cookie and validates it, once per request: the lookup is kept on c.var, so the
 * sign-in check, a handler and the comment API asking again cost one query, and a session due for
 * renewal gets one new cookie.
 */
export function sessionReader(db: Database, clock: () => number, secure: boolean): SessionOf {
  return (c: Context<SessionLookupEnv>) => {
    let found = c.get('moderationSession');
    if (!found) {
      const token = readSessionToken(c.req.header('Cookie'), secure);
      found = token
        ? validateSessionToken(db, token, clock()).then((valid) => {
            if (!valid) return undefined;
            if (valid.renewed) c.header('Set-Cookie', sessionCookieHeader(token, valid.expiresAt, secure, clock()), { append: true });
            return { account: valid.account, sessionId: valid.sessionId };
          })
        : Promise.resolve(undefined);
      c.set('moderationSession', found);
    }
    return found;
  };
}

/** Nothing here is ever cached or indexed. */
export const noStore = createMiddleware(async function noStore(c, next) {
  await next();
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
});

/**
 * The forms anyone can send (sign-in, setup) never come near 16 KiB: a bigger body is refused
 * before it is read.
 */
export const smallBody = bodyLimit({
  maxSize: 16 * 1024,
  onError: () => {
    throw new ApiError('payload_too_large', 'A request body is at most 16 KiB.');
  },
});

/** Cross-site requests change nothing, whatever their content type. */
export function sameOriginOnly(boardOrigin: string) {
  return createMiddleware(async function sameOriginOnly(c, next) {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !sameOrigin(c, boardOrigin)) {
      throw new ApiError('cross_site', 'This request did not come from the moderation pages: open them and try again.');
    }
    await next();
  });
}

/**
 * A valid session, or no further: a page sends the browser to the sign-in form (and back here
 * after), anything else is refused. Puts the account and session on c.var.
 */
export function signedIn(sessionOf: SessionOf) {
  return createMiddleware<SignedInEnv>(async function signedIn(c, next) {
    const session = await sessionOf(c);
    if (!session) {
      if (c.req.method === 'GET' && !wantsJson(c)) return c.redirect(`/moderation/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
      throw new ApiError('unauthorized', 'Sign in to moderate: your session has ended or you are not signed in.');
    }
    c.set('account', session.account);
    c.set('session', session);
    return next();
  });
}

/** After `signedIn`: only an editor goes further. */
export const editorOnly = createMiddleware<SignedInEnv>(async function editorOnly(c, next) {
  if (c.var.account.role !== 'editor') throw new ApiError('forbidden', 'Only an editor can do this.');
  await next();
});
