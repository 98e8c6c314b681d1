// The board's settings: every moderator reads them, only an editor changes them. A form sends
// text (words and names one per line); a script sends JSON with only the fields it changes. Each
// change is recorded in the audit log with its old and new values.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../../api/errors.ts';
import { readFields } from '../../api/request-body.ts';
import { checkedChanges, loadSettings, saveSettings, settingsSchema, type Settings } from '../../api/settings.ts';
import { getAccount } from '../auth/accounts.ts';
import { settingsPage } from '../pages/settings.ts';
import { auditStatement } from '../queue.ts';
import type { RouteDeps } from './deps.ts';
import { editorOnly, type SignedInEnv } from './middleware.ts';
import { actorOf, done, wantsJson } from './respond.ts';

const settingsForm = z.object({
  holdMode: z.enum(['none', 'all', 'older_than']),
  holdOlderThanDays: z.coerce.number(),
  maxLinks: z.coerce.number(),
  heldWords: z.string().max(50_000),
  identifyingWords: z.string().max(50_000),
  identifyingDetails: z.enum(['hold', 'publish']),
  reportThreshold: z.coerce.number(),
  reservedNames: z.string().max(50_000),
  removedRetentionDays: z.coerce.number(),
  commentsPerMinute: z.coerce.number(),
  commentsPerDay: z.coerce.number(),
  reportsPerDay: z.coerce.number(),
  duplicateWindowMinutes: z.coerce.number(),
  minFormSeconds: z.coerce.number(),
  withoutBrowserCheck: z.enum(['hold', 'refuse']),
  maxDisplayDepth: z.coerce.number(),
});

const splitLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * The settings page for the signed-in account, read afresh (it shows whether they have a feed),
 * with a new feed address shown once, or the reason a change was not saved.
 */
export function settingsPageFor({ db, page, pageContext }: RouteDeps) {
  return async (c: Context<SignedInEnv>, extra: { feedUrl?: string; error?: string; status?: 200 | 422 } = {}) => {
    const account = (await getAccount(db, c.var.account.id)) ?? c.var.account;
    const ctx = { ...(await pageContext(c, account)), ...(extra.error ? { error: extra.error } : {}) };
    return page(c, 'Settings', String(await settingsPage(ctx, await loadSettings(db), { url: extra.feedUrl })), extra.status ?? 200);
  };
}

export function settingsRoutes(deps: RouteDeps): Hono<SignedInEnv> {
  const { db, clock, signedIn } = deps;
  const app = new Hono<SignedInEnv>();
  const answerPage = settingsPageFor(deps);

  app.get('/', signedIn, async (c) => (wantsJson(c) ? c.json({ settings: await loadSettings(db) }) : answerPage(c)));

  app.post('/', signedIn, editorOnly, async (c) => {
    const fields = await readFields(c);
    let changes: Partial<Settings>;
    try {
      if (wantsJson(c) && 'timeZone' in fields) {
        throw new ApiError('validation_failed', 'The time zone is set where the server runs (BLOG_TIME_ZONE), because post addresses follow it: it is not a moderation setting.', { field: 'timeZone' });
      }
      if (wantsJson(c)) {
        changes = checkedChanges(fields);
      } else {
        const form = settingsForm.parse(fields);
        changes = settingsSchema.parse({ ...form, heldWords: splitLines(form.heldWords), identifyingWords: splitLines(form.identifyingWords), reservedNames: splitLines(form.reservedNames) });
      }
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      const issue = error.issues[0]!;
      const message = `${issue.path.join('.') || 'settings'}: ${issue.message}`;
      if (wantsJson(c)) throw new ApiError('validation_failed', message, { field: String(issue.path[0] ?? '') });
      return answerPage(c, { error: `Not saved. ${message}`, status: 422 });
    }
    const before = await loadSettings(db);
    const changed = Object.fromEntries(
      Object.entries(changes)
        .filter(([key, value]) => JSON.stringify(before[key as keyof Settings]) !== JSON.stringify(value))
        .map(([key, value]) => [key, { from: before[key as keyof Settings], to: value }]),
    );
    if (Object.keys(changed).length > 0) {
      await saveSettings(db, changes, [auditStatement(actorOf(c), { action: 'settings.change', targetType: 'settings', targetId: Object.keys(changed).join(','), detail: changed }, clock(), false)]);
    }
    return done(c, '/moderation/settings', 'settings', { changed: Object.keys(changed) });
  });

  return app;
}
