// The moderation app, mounted at /moderation: sign in, the queue (held comments, reports, removal
// requests, removed comments), the audit log, settings, accounts, and each moderator's private
// feed. Pages are HTML that works without JavaScript; every action also answers JSON when asked.
import { readFileSync } from 'node:fs';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { commentActions, removalDecisions, reportDecisions } from '../api/comments/decisions.ts';
import { xmlText } from '../api/comments/feed.ts';
import { nameKey } from '../api/comments/policy.ts';
import type { Database } from '../api/db/database.ts';
import type { WriteQueue } from '../api/db/write-queue.ts';
import { ApiError } from '../api/errors.ts';
import type { PageShell } from '../api/page-shell.ts';
import { requestAddress, type SourceHasher } from '../api/privacy/source.ts';
import { readFields } from '../api/request-body.ts';
import { loadSettings, saveSettings, settingsSchema, type Settings } from '../api/settings.ts';
import { accountByFeedToken, authenticate, createAccount, createFeedToken, getAccount, listAccounts, removeAccount, resetPassword, revokeFeedToken, roles, setRole, type Account, type Role } from './auth/accounts.ts';
import { blankSessionCookieHeader, createSession, invalidateSession, readSessionToken, sessionCookieHeader, validateSessionToken } from './auth/sessions.ts';
import { redeemSetupToken, setupTokenUsable } from './auth/setup.ts';
import { signInGuard } from './auth/sign-in-limits.ts';
import * as pages from './pages.ts';
import * as decisions from './decisions.ts';
import * as queue from './queue.ts';

export interface ModerationDeps {
  db: Database;
  writes: WriteQueue;
  posts: readonly PostsManifestEntry[];
  /** The public origin: state-changing requests must come from it. */
  siteUrl: string;
  clock: () => number;
  sources: SourceHasher;
  trustedProxyHeader: string | undefined;
}

/** The signed-in staff member of a request, if any (used by the comment API for staff comments). */
export type StaffOf = (c: Context) => Promise<Account | undefined>;

/** Names of the staff hint cookie: not a credential, just lets the post page say "commenting as". */
export const staffHintCookie = 'befriend_staff';

/**
 * Browsers say where a request comes from: `Sec-Fetch-Site`, or failing that `Origin`. A request
 * that says neither is refused too: every browser that can carry our cookie sends one of them.
 */
export function sameOrigin(c: Context, siteOrigin: string): boolean {
  const site = c.req.header('Sec-Fetch-Site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = c.req.header('Origin');
  return origin !== undefined && origin === siteOrigin;
}

const wantsJson = (c: Context) => /application\/json/i.test(c.req.header('Accept') ?? '') || /application\/json/i.test(c.req.header('Content-Type') ?? '');

/** Only paths inside the moderation app are followed after an action or a sign-in. */
function safeBack(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/moderation(\/[\w/-]*)?(\?[\w=&%.-]*)?$/.test(value) ? value : fallback;
}

const notices: Record<string, string> = {
  approve: 'Approved: the comment is now public.',
  reject: 'Rejected: the comment will never appear.',
  remove: 'Removed: the thread shows a placeholder.',
  restore: 'Restored: the comment is public again.',
  uphold: 'Upheld: the comment is removed and its reports closed.',
  dismiss: 'Dismissed: the comment stays (or is shown again).',
  grant: 'Granted: the comment has been erased.',
  decline: 'Declined.',
  settings: 'Settings saved.',
  account: 'Account saved.',
  removed: 'Account removed.',
  feed: 'Feed stopped.',
  bulk: 'Done for the selected comments.',
};

const errorsByCode: Record<string, string> = {
  state_changed: 'Someone else has already decided this, or it changed meanwhile: the list is up to date now.',
  not_found: 'That item no longer exists.',
  nothing_selected: 'Select at least one comment first.',
};

const settingsForm = z.object({
  holdMode: z.enum(['none', 'all', 'older_than']),
  holdOlderThanDays: z.coerce.number(),
  maxLinks: z.coerce.number(),
  heldWords: z.string().max(50_000),
  reportThreshold: z.coerce.number(),
  reservedNames: z.string().max(50_000),
  removedRetentionDays: z.coerce.number(),
  commentsPerMinute: z.coerce.number(),
  commentsPerDay: z.coerce.number(),
  reportsPerDay: z.coerce.number(),
  duplicateWindowMinutes: z.coerce.number(),
  minFormSeconds: z.coerce.number(),
  maxDisplayDepth: z.coerce.number(),
  timeZone: z.string().trim(),
});

const splitLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export type ModerationEnv = { Variables: { account: Account } };

export function moderationRoutes(deps: ModerationDeps, shell: PageShell): { app: Hono<ModerationEnv>; staffOf: StaffOf } {
  const { db, writes, clock } = deps;
  const siteOrigin = new URL(deps.siteUrl).origin;
  const secure = deps.siteUrl.startsWith('https:');
  const posts = new Map(deps.posts.map((post) => [post.id, post]));
  const app = new Hono<{ Variables: { account: Account } }>();

  const sessions = new WeakMap<Request, Promise<{ account: Account; sessionId: string } | undefined>>();
  /** The request's valid session, validated once per request (and renewed when due). */
  const sessionOf = (c: Context) => {
    let found = sessions.get(c.req.raw);
    if (!found) {
      const token = readSessionToken(c.req.header('Cookie'), secure);
      found = token
        ? validateSessionToken(db, token, clock()).then((valid) => {
            if (!valid) return undefined;
            if (valid.renewed) c.header('Set-Cookie', sessionCookieHeader(token, valid.expiresAt, secure, clock()), { append: true });
            return { account: valid.account, sessionId: valid.sessionId };
          })
        : Promise.resolve(undefined);
      sessions.set(c.req.raw, found);
    }
    return found;
  };

  const staffOf: StaffOf = async (c) => (sameOrigin(c, siteOrigin) ? (await sessionOf(c))?.account : undefined);

  const sourceOf = (c: Context): string => requestAddress(c, deps.trustedProxyHeader);
  const signIns = signInGuard(db, writes, deps.sources);

  const page = (c: Context, title: string, main: string | Promise<string>, status: 200 | 401 | 403 | 404 | 409 | 410 | 422 | 429 = 200) =>
    Promise.resolve(main).then((body) => c.html(shell.render({ title, main: body }), status));

  const context = async (c: Context, account: Account): Promise<pages.PageContext> => {
    const settings = await loadSettings(db);
    const notice = c.req.query('done');
    const error = c.req.query('error');
    return {
      account,
      counts: await queue.queueCounts(db, clock(), settings.removedRetentionDays),
      posts,
      timeZone: settings.timeZone,
      notice: notice ? notices[notice] : undefined,
      error: error ? errorsByCode[error] : undefined,
    };
  };

  // Nothing here is ever cached or indexed.
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
  });

  // The forms anyone can send (sign-in, setup) never come near 16 KiB: a bigger body is refused
  // before it is read.
  const sizeLimit = bodyLimit({
    maxSize: 16 * 1024,
    onError: () => {
      throw new ApiError('payload_too_large', 'A request body is at most 16 KiB.');
    },
  });

  // Cross-site requests change nothing, whatever their content type.
  app.use(async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !sameOrigin(c, siteOrigin)) {
      throw new ApiError('cross_site', 'This request did not come from the moderation pages: open them and try again.');
    }
    return next();
  });

  const signedIn: MiddlewareHandler<{ Variables: { account: Account } }> = async (c, next) => {
    const session = await sessionOf(c);
    if (!session) {
      if (c.req.method === 'GET' && !wantsJson(c)) return c.redirect(`/moderation/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
      throw new ApiError('unauthorized', 'Sign in to moderate: your session has ended or you are not signed in.');
    }
    c.set('account', session.account);
    return next();
  };
  const editorOnly: MiddlewareHandler<{ Variables: { account: Account } }> = async (c, next) => {
    if (c.get('account').role !== 'editor') throw new ApiError('forbidden', 'Only an editor can do this.');
    return next();
  };

  /** The end of an action: JSON for scripts, otherwise back to the list with a notice. */
  const done = (c: Context, back: string, notice: string, data: Record<string, unknown> = {}) => {
    if (wantsJson(c)) return c.json({ ok: true, ...data });
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=${notice}`, 303);
  };
  /** A refused action from a form: back to the list with the reason (JSON callers get the error). */
  const refused = (c: Context, back: string, error: unknown) => {
    if (wantsJson(c) || !(error instanceof ApiError) || !(error.code in errorsByCode)) throw error;
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}error=${error.code}`, 303);
  };
  const actor = (c: Context<{ Variables: { account: Account } }>): queue.Actor => ({ id: c.get('account').id, name: c.get('account').name });
  const reasonOf = (fields: Record<string, unknown>) => (typeof fields['reason'] === 'string' ? fields['reason'].slice(0, 500) : undefined);

  const keysScript = readFileSync(new URL('./client/keys.js', import.meta.url), 'utf8');
  app.get('/assets/keys.js', (c) => c.body(keysScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  // ------------------------------------------------------------------------------------------
  // Signing in and out, and the first editor

  app.get('/login', async (c) => {
    if (await sessionOf(c)) return c.redirect('/moderation', 303);
    const signedOut = c.req.query('signed-out') !== undefined;
    return page(c, 'Sign in', String(await pages.loginPage({ next: safeBack(c.req.query('next'), ''), notice: signedOut ? 'You are signed out.' : undefined })));
  });

  app.post('/login', sizeLimit, async (c) => {
    const fields = await readFields(c);
    const username = typeof fields['username'] === 'string' ? fields['username'].trim().slice(0, 60) : '';
    const password = typeof fields['password'] === 'string' ? fields['password'] : '';
    const next = safeBack(fields['next'], '/moderation');
    const failed = async (message: string, status: 401 | 429) => {
      if (wantsJson(c)) throw new ApiError(status === 401 ? 'unauthorized' : 'rate_limited', message);
      return page(c, 'Sign in', String(await pages.loginPage({ error: message, username, next })), status);
    };
    if (!username || !password) return failed('Enter your name and password.', 401);
    // Every attempt counts against its source; a source over its limits is refused before anything
    // else. Only failures count against the account, per source (see sign-in-limits.ts).
    const address = sourceOf(c);
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
    const session = await createSession(db, found.id, now);
    c.header('Set-Cookie', sessionCookieHeader(session.token, session.expiresAt, secure, now), { append: true });
    c.header('Set-Cookie', staffHint(found.name, session.expiresAt, now), { append: true });
    return wantsJson(c) ? c.json({ account: { name: found.name, role: found.role } }) : c.redirect(next, 303);
  });

  const staffHint = (name: string, expiresAt: number, now: number) =>
    `${staffHintCookie}=${encodeURIComponent(name)}; SameSite=Lax; Path=/; Max-Age=${Math.max(0, Math.floor((expiresAt - now) / 1000))}${secure ? '; Secure' : ''}`;

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
    return page(c, 'Create the first editor', String(await pages.setupPage({ token, usable })), usable ? 200 : 410);
  });

  app.post('/setup/:token', sizeLimit, async (c) => {
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
      return page(c, 'Create the first editor', String(await pages.setupPage({ token, usable, error: error.message, name })), error.status === 422 ? 422 : 410);
    }
    await writes.write([queue.auditStatement({ id: account.id, name: account.name }, { action: 'account.create', targetType: 'account', targetId: account.id, detail: { role: account.role, via: 'setup link' } }, now, false)]);
    const session = await createSession(db, account.id, now);
    c.header('Set-Cookie', sessionCookieHeader(session.token, session.expiresAt, secure, now), { append: true });
    c.header('Set-Cookie', staffHint(account.name, session.expiresAt, now), { append: true });
    return wantsJson(c) ? c.json({ account: { name: account.name, role: account.role } }, 201) : c.redirect('/moderation?done=account', 303);
  });

  // The private queue feed: its secret address is the credential.
  app.get('/feed/:token', async (c) => {
    const token = c.req.param('token').replace(/\.atom$/, '');
    const account = await accountByFeedToken(db, token);
    if (!account) throw new ApiError('not_found', 'There is no feed at this address (it may have been replaced or stopped).');
    const items = await queue.queueFeedItems(db);
    const self = `${siteOrigin}/moderation/feed/${token}`;
    const x = xmlText;
    const updated = new Date(items[0]?.at ?? 0).toISOString();
    const entries = items.map((item) => {
      const post = posts.get(item.comment.postId);
      const link = `${siteOrigin}/moderation/${item.kind === 'held' ? 'held' : item.kind === 'report' ? 'reports' : 'removal-requests'}`;
      const title = `${item.summary} — on “${post?.title ?? item.comment.postId}”`;
      return `<entry><id>${x(`${siteOrigin}/moderation/${item.id}`)}</id><title>${x(title)}</title><link rel="alternate" type="text/html" href="${x(link)}"/><updated>${new Date(item.at).toISOString()}</updated><author><name>${x(item.comment.authorName ?? 'Anonymous')}</name></author><content type="html">${x(item.comment.bodyHtml ?? '')}</content></entry>`;
    });
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${x(`${siteOrigin}/moderation/feed`)}</id><title>Moderation queue for ${x(account.name)}</title><link rel="self" href="${x(self)}"/><updated>${updated}</updated>${entries.join('')}</feed>
`;
    return c.body(xml, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  });

  // ------------------------------------------------------------------------------------------
  // The queue

  app.get('/', signedIn, async (c) => page(c, 'Moderation', String(await pages.overviewPage(await context(c, c.get('account'))))));

  app.get('/held', signedIn, async (c) => {
    const held = await queue.heldComments(db);
    if (wantsJson(c)) return c.json({ held });
    const parents = await queue.parentsOf(db, held);
    return page(c, 'Held comments', String(await pages.heldPage(await context(c, c.get('account')), held, parents)));
  });

  app.get('/reports', signedIn, async (c) => {
    const groups = await queue.reportGroups(db);
    if (wantsJson(c)) return c.json({ reports: groups });
    const parents = await queue.parentsOf(
      db,
      groups.map((g) => g.comment),
    );
    return page(c, 'Reported comments', String(await pages.reportsPage(await context(c, c.get('account')), groups, parents)));
  });

  app.get('/removal-requests', signedIn, async (c) => {
    const requests = await queue.openRemovalRequests(db);
    if (wantsJson(c)) return c.json({ removalRequests: requests });
    return page(c, 'Removal requests', String(await pages.removalRequestsPage(await context(c, c.get('account')), requests)));
  });

  app.get('/removed', signedIn, async (c) => {
    const settings = await loadSettings(db);
    const removed = await queue.removedComments(db, clock(), settings.removedRetentionDays);
    if (wantsJson(c)) return c.json({ removed });
    return page(c, 'Removed comments', String(await pages.removedPage(await context(c, c.get('account')), removed, settings.removedRetentionDays)));
  });

  app.get('/audit', signedIn, async (c) => {
    const text = (name: string, max: number) => c.req.query(name)?.trim().slice(0, max) || undefined;
    const before = Number(c.req.query('before'));
    const filter: queue.AuditFilter = { action: text('action', 64), account: text('account', 60), target: text('target', 64), before: Number.isSafeInteger(before) && before > 0 ? before : undefined };
    const entries = await queue.auditLog(db, filter);
    if (wantsJson(c)) return c.json({ audit: entries });
    return page(c, 'Audit log', String(await pages.auditPage(await context(c, c.get('account')), entries, filter, await queue.auditActions(db))));
  });

  const commentId = (c: Context) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError('comment_not_found', 'There is no such comment.');
    return id;
  };

  app.post('/comments/bulk', signedIn, async (c) => {
    const fields = await readFields(c, { repeated: ['ids'] });
    const back = safeBack(fields['back'], '/moderation/held');
    const action = fields['action'];
    if (action !== 'approve' && action !== 'reject') throw new ApiError('validation_failed', 'Choose approve or reject.', { field: 'action' });
    const raw = fields['ids'];
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    if (ids.length === 0) {
      if (wantsJson(c)) throw new ApiError('validation_failed', 'Select at least one comment.', { field: 'ids' });
      return c.redirect(`${back}?error=nothing_selected`, 303);
    }
    const outcomes = await Promise.allSettled(ids.map((id) => decisions.decideComment(db, writes, { id, action, actor: actor(c), reason: reasonOf(fields), now: clock() })));
    const failed = ids.filter((_, i) => outcomes[i]!.status === 'rejected');
    if (wantsJson(c)) return c.json({ ok: failed.length === 0, done: ids.filter((id) => !failed.includes(id)), failed });
    return c.redirect(`${back}?${failed.length ? 'error=state_changed' : 'done=bulk'}`, 303);
  });

  for (const action of commentActions) {
    app.post(`/comments/:id/${action}`, signedIn, async (c) => {
      const fields = await readFields(c);
      const back = safeBack(fields['back'], action === 'restore' ? '/moderation/removed' : action === 'remove' ? '/moderation/reports' : '/moderation/held');
      try {
        await decisions.decideComment(db, writes, { id: commentId(c), action, actor: actor(c), reason: reasonOf(fields), now: clock() });
      } catch (error) {
        return refused(c, back, error);
      }
      return done(c, back, action);
    });
  }

  for (const decision of reportDecisions) {
    app.post(`/reports/:id/${decision}`, signedIn, async (c) => {
      const fields = await readFields(c);
      const back = safeBack(fields['back'], '/moderation/reports');
      try {
        const result = await decisions.decideReports(db, writes, { reportId: c.req.param('id'), decision, actor: actor(c), reason: reasonOf(fields), now: clock() });
        return done(c, back, decision, result);
      } catch (error) {
        return refused(c, back, error);
      }
    });
  }

  for (const decision of removalDecisions) {
    app.post(`/removal-requests/:id/${decision}`, signedIn, async (c) => {
      const fields = await readFields(c);
      const back = safeBack(fields['back'], '/moderation/removal-requests');
      try {
        const result = await decisions.decideRemovalRequest(db, writes, { requestId: c.req.param('id'), decision, actor: actor(c), reason: reasonOf(fields), now: clock() });
        return done(c, back, decision, result);
      } catch (error) {
        return refused(c, back, error);
      }
    });
  }

  // ------------------------------------------------------------------------------------------
  // Settings and the private feed

  const settingsPage = async (c: Context<{ Variables: { account: Account } }>, extra: { feedUrl?: string; error?: string; status?: 200 | 422 } = {}) => {
    const account = (await getAccount(db, c.get('account').id)) ?? c.get('account');
    const ctx = { ...(await context(c, account)), ...(extra.error ? { error: extra.error } : {}) };
    return page(c, 'Settings', String(await pages.settingsPage(ctx, await loadSettings(db), { url: extra.feedUrl })), extra.status ?? 200);
  };

  app.get('/settings', signedIn, async (c) => (wantsJson(c) ? c.json({ settings: await loadSettings(db) }) : settingsPage(c)));

  app.post('/settings', signedIn, editorOnly, async (c) => {
    const fields = await readFields(c);
    let changes: Partial<Settings>;
    try {
      if (wantsJson(c)) {
        changes = settingsSchema.partial().strict().parse(fields) as Partial<Settings>;
      } else {
        const form = settingsForm.parse(fields);
        changes = settingsSchema.parse({ ...form, heldWords: splitLines(form.heldWords), reservedNames: splitLines(form.reservedNames) });
      }
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      const issue = error.issues[0]!;
      const message = `${issue.path.join('.') || 'settings'}: ${issue.message}`;
      if (wantsJson(c)) throw new ApiError('validation_failed', message, { field: String(issue.path[0] ?? '') });
      return settingsPage(c, { error: `Not saved. ${message}`, status: 422 });
    }
    const before = await loadSettings(db);
    const changed = Object.fromEntries(
      Object.entries(changes)
        .filter(([key, value]) => JSON.stringify(before[key as keyof Settings]) !== JSON.stringify(value))
        .map(([key, value]) => [key, { from: before[key as keyof Settings], to: value }]),
    );
    if (Object.keys(changed).length > 0) {
      await saveSettings(db, changes, [queue.auditStatement(actor(c), { action: 'settings.change', targetType: 'settings', targetId: Object.keys(changed).join(','), detail: changed }, clock(), false)]);
    }
    return done(c, '/moderation/settings', 'settings', { changed: Object.keys(changed) });
  });

  app.post('/feed', signedIn, async (c) => {
    const token = await createFeedToken(db, c.get('account').id);
    await writes.write([queue.auditStatement(actor(c), { action: 'feed.create', targetType: 'account', targetId: c.get('account').id }, clock(), false)]);
    const feedUrl = `${siteOrigin}/moderation/feed/${token}`;
    return wantsJson(c) ? c.json({ feedUrl }, 201) : settingsPage(c, { feedUrl });
  });

  app.post('/feed/revoke', signedIn, async (c) => {
    await revokeFeedToken(db, c.get('account').id);
    await writes.write([queue.auditStatement(actor(c), { action: 'feed.revoke', targetType: 'account', targetId: c.get('account').id }, clock(), false)]);
    return done(c, '/moderation/settings', 'feed');
  });

  // ------------------------------------------------------------------------------------------
  // Accounts (editor)

  app.get('/accounts', signedIn, editorOnly, async (c) => {
    const accounts = await listAccounts(db);
    if (wantsJson(c)) return c.json({ accounts });
    return page(c, 'Accounts', String(await pages.accountsPage(await context(c, c.get('account')), accounts)));
  });

  const accountsPageWithError = async (c: Context<{ Variables: { account: Account } }>, error: unknown) => {
    if (wantsJson(c) || !(error instanceof ApiError)) throw error;
    const ctx = { ...(await context(c, c.get('account'))), error: `Not done. ${error.message}` };
    return page(c, 'Accounts', String(await pages.accountsPage(ctx, await listAccounts(db))), error.status === 409 ? 409 : 422);
  };
  const roleOf = (value: unknown): Role => {
    if (typeof value !== 'string' || !(roles as readonly string[]).includes(value)) throw new ApiError('validation_failed', 'The role is editor or moderator.', { field: 'role' });
    return value as Role;
  };
  const accountId = (c: Context) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError('not_found', 'There is no such account.');
    return id;
  };

  app.post('/accounts', signedIn, editorOnly, async (c) => {
    const fields = await readFields(c);
    try {
      const account = await createAccount(db, { name: String(fields['name'] ?? ''), role: roleOf(fields['role'] ?? 'moderator'), password: String(fields['password'] ?? '') }, clock());
      await writes.write([queue.auditStatement(actor(c), { action: 'account.create', targetType: 'account', targetId: account.id, detail: { name: account.name, role: account.role } }, clock(), false)]);
      return wantsJson(c) ? c.json({ account }, 201) : c.redirect('/moderation/accounts?done=account', 303);
    } catch (error) {
      return accountsPageWithError(c, error);
    }
  });

  app.post('/accounts/:id/role', signedIn, editorOnly, async (c) => {
    const fields = await readFields(c);
    try {
      const account = await setRole(db, accountId(c), roleOf(fields['role']), clock());
      await writes.write([queue.auditStatement(actor(c), { action: 'account.role', targetType: 'account', targetId: account.id, detail: { name: account.name, role: account.role } }, clock(), false)]);
      return done(c, '/moderation/accounts', 'account', { account });
    } catch (error) {
      return accountsPageWithError(c, error);
    }
  });

  app.post('/accounts/:id/password', signedIn, editorOnly, async (c) => {
    const fields = await readFields(c);
    try {
      const id = accountId(c);
      if (!(await getAccount(db, id))) throw new ApiError('not_found', 'There is no such account.');
      await resetPassword(db, id, String(fields['password'] ?? ''), clock());
      await writes.write([queue.auditStatement(actor(c), { action: 'account.password', targetType: 'account', targetId: id }, clock(), false)]);
      return done(c, '/moderation/accounts', 'account');
    } catch (error) {
      return accountsPageWithError(c, error);
    }
  });

  app.post('/accounts/:id/remove', signedIn, editorOnly, async (c) => {
    try {
      const account = await removeAccount(db, accountId(c));
      await writes.write([queue.auditStatement(actor(c), { action: 'account.remove', targetType: 'account', targetId: account.id, detail: { name: account.name } }, clock(), false)]);
      return done(c, '/moderation/accounts', 'removed');
    } catch (error) {
      return accountsPageWithError(c, error);
    }
  });

  return { app, staffOf };
}
