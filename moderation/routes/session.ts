// Signing in and out, who is signed in, and the one-time link that creates the first editor. All
// open to anyone: sign-in is limited per source and per account (see auth/sign-in-limits.ts).
import { Hono, type Context } from 'hono';
import { nameKey } from '../../api/comments/policy.ts';
import { ApiError } from '../../api/errors.ts';
import { requestAddress } from '../../api/privacy/source.ts';
import { readFields } from '../../api/request-body.ts';
import { authenticate, type Account } from '../auth/accounts.ts';
import { blankSessionCookieHeader, createSession, invalidateSession, sessionCookieHeader } from '../auth/sessions.ts';
import { redeemSetupToken, setupTokenUsable } from '../auth/setup.ts';
import { signInGuard } from '../auth/sign-in-limits.ts';
import { loginPage, setupPage } from '../pages/sign-in.ts';
import { auditStatement } from '../queue.ts';
import type { RouteDeps } from './deps.ts';
import { smallBody } from './middleware.ts';
import { safeBack, wantsJson } from './respond.ts';

/** The staff hint cookie: not a credential, just lets the post page say "commenting as". */
const staffHintCookie = 'befriend_staff';

export function sessionRoutes(deps: RouteDeps): Hono {
  const { db, writes, clock, secure, sessionOf, page } = deps;
  const app = new Hono();
  const signIns = signInGuard(db, writes, deps.sources);

  const staffHint = (name: string, expiresAt: number, now: number) =>
    `${staffHintCookie}=${encodeURIComponent(name)}; SameSite=Lax; Path=/; Max-Age=${Math.max(0, Math.floor((expiresAt - now) / 1000))}${secure ? '; Secure' : ''}`;

  /** A new session for the account: its cookie, and the staff hint beside it. */
  const startSession = async (c: Context, account: Account, now: number) => {
    const session = await createSession(db, account.id, now);
    c.header('Set-Cookie', sessionCookieHeader(session.token, session.expiresAt, secure, now), { append: true });
    c.header('Set-Cookie', staffHint(account.name, session.expiresAt, now), { append: true });
  };

  app.get('/login', async (c) => {
    if (await sessionOf(c)) return c.redirect('/moderation', 303);
    const signedOut = c.req.query('signed-out') !== undefined;
    return page(c, 'Sign in', String(await loginPage({ next: safeBack(c.req.query('next'), ''), notice: signedOut ? 'You are signed out.' : undefined })));
  });

  app.post('/login', smallBody, async (c) => {
    const fields = await readFields(c);
    const username = typeof fields['username'] === 'string' ? fields['username'].trim().slice(0, 60) : '';
    const password = typeof fields['password'] === 'string' ? fields['password'] : '';
    const next = safeBack(fields['next'], '/moderation');
    const failed = async (message: string, status: 401 | 429) => {
      if (wantsJson(c)) throw new ApiError(status === 401 ? 'unauthorized' : 'rate_limited', message);
      return page(c, 'Sign in', String(await loginPage({ error: message, username, next })), status);
    };
    if (!username || !password) return failed('Enter your name and password.', 401);
    // Every attempt counts against its source; a source over its limits is refused before anything
    // else. Only failures count against the account, per source (see sign-in-limits.ts).
    const address = requestAddress(c, deps.trustedProxyHeader);
    const account = nameKey(username);
    const now = clock();
    const wait = (await signIns.attempt(address, now)) ?? (await signIns.accountWait(address, account, now));
    if (wait !== undefined) {
      c.header('Retry-After', String(wait));
      return failed(`Too many attempts to sign in: wait ${wait > 90 ? `${Math.ceil(wait / 60)} minutes` : `${wait} seconds`} and try again.`, 429);
    }
    const found = await authenticate(db, username, password);
    // Never which part was wrong.
    if (!found) {
      await signIns.failed(address, account, now);
      return failed('That name and password do not match an account.', 401);
    }
    await startSession(c, found, now);
    return wantsJson(c) ? c.json({ account: { name: found.name, role: found.role } }) : c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const session = await sessionOf(c);
    if (session) await invalidateSession(db, session.sessionId);
    c.header('Set-Cookie', blankSessionCookieHeader(secure), { append: true });
    c.header('Set-Cookie', `${staffHintCookie}=; SameSite=Lax; Path=/; Max-Age=0${secure ? '; Secure' : ''}`, { append: true });
    return wantsJson(c) ? c.json({ ok: true }) : c.redirect('/moderation/login?signed-out', 303);
  });

  /** Who is signed in (the post page asks, to offer commenting as staff). */
  app.get('/me', async (c) => {
    const session = await sessionOf(c);
    if (!session) throw new ApiError('unauthorized', 'Not signed in.');
    return c.json({ account: { name: session.account.name, role: session.account.role } });
  });

  app.get('/setup/:token', async (c) => {
    const token = c.req.param('token');
    const usable = await setupTokenUsable(db, token, clock());
    return page(c, 'Create the first editor', String(await setupPage({ token, usable })), usable ? 200 : 410);
  });

  app.post('/setup/:token', smallBody, async (c) => {
    const token = c.req.param('token');
    const fields = await readFields(c);
    const name = typeof fields['name'] === 'string' ? fields['name'] : '';
    const password = typeof fields['password'] === 'string' ? fields['password'] : '';
    const now = clock();
    let account: Account;
    try {
      account = await redeemSetupToken(db, token, { name, password }, now);
    } catch (error) {
      if (wantsJson(c) || !(error instanceof ApiError)) throw error;
      const usable = await setupTokenUsable(db, token, now);
      return page(c, 'Create the first editor', String(await setupPage({ token, usable, error: error.message, name })), error.status === 422 ? 422 : 410);
    }
    await writes.write([auditStatement({ id: account.id, name: account.name }, { action: 'account.create', targetType: 'account', targetId: account.id, detail: { role: account.role, via: 'setup link' } }, now, false)]);
    await startSession(c, account, now);
    return wantsJson(c) ? c.json({ account: { name: account.name, role: account.role } }, 201) : c.redirect('/moderation?done=account', 303);
  });

  return app;
}
