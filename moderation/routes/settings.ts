// The board's settings: every moderator reads them, only an editor changes them. A form sends
// text (words and names one per line); a script sends JSON with only the fields it changes. Each
// change is recorded in the audit log with its old and new values. The word lists also go out and
// come in as CSV, and the page tests a sample against them.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../../api/errors.ts';
import { readFields } from '../../api/request-body.ts';
import { checkedChanges, loadSettings, saveSettings, settingsSchema, type Settings } from '../../api/settings.ts';
import { getAccount } from '../auth/accounts.ts';
import { matchedBecause, wordMatches } from '../../api/comments/word-lists.ts';
import { settingsPage } from '../pages/settings.ts';
import { mergeWordLists, parseWordListsCsv, wordListsCsv } from '../word-lists-csv.ts';
import { auditStatement } from '../queue.ts';
import type { RouteDeps } from './deps.ts';
import { editorOnly, type SignedInEnv } from './middleware.ts';
import { actorOf, done, wantsJson } from './respond.ts';

const settingsForm = z.object({
  holdMode: z.enum(['none', 'all', 'older_than']),
  holdOlderThanDays: z.coerce.number(),
  maxLinks: z.coerce.number(),
  refusedWords: z.string().max(50_000).default(''),
  heldWords: z.string().max(50_000),
  flaggedWords: z.string().max(50_000).default(''),
  identifyingWords: z.string().max(50_000),
  identifyingDetails: z.enum(['hold', 'publish']),
  reportThreshold: z.coerce.number(),
  reservedNames: z.string().max(50_000),
  removedRetentionDays: z.coerce.number(),
  responseTargetHours: z.coerce.number().optional(),
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
  return async (c: Context<SignedInEnv>, extra: { feedUrl?: string; error?: string; status?: 200 | 422; sample?: string | undefined } = {}) => {
    const account = (await getAccount(db, c.var.account.id)) ?? c.var.account;
    const ctx = { ...(await pageContext(c, account)), ...(extra.error ? { error: extra.error } : {}) };
    const settings = await loadSettings(db);
    const test = extra.sample === undefined ? undefined : { sample: extra.sample, matches: wordMatches(extra.sample, settings) };
    return page(c, 'Settings', String(await settingsPage(ctx, settings, { url: extra.feedUrl }, test)), extra.status ?? 200);
  };
}

export function settingsRoutes(deps: RouteDeps): Hono<SignedInEnv> {
  const { db, clock, signedIn } = deps;
  const app = new Hono<SignedInEnv>();
  const answerPage = settingsPageFor(deps);
  /** Saves what differs from the settings as they are, with one audit record of old and new values; answers the names changed. */
  const saveAudited = async (c: Context<SignedInEnv>, changes: Partial<Settings>): Promise<string[]> => {
    const before = await loadSettings(db);
    const changed = Object.fromEntries(
      Object.entries(changes)
        .filter(([key, value]) => JSON.stringify(before[key as keyof Settings]) !== JSON.stringify(value))
        .map(([key, value]) => [key, { from: before[key as keyof Settings], to: value }]),
    );
    if (Object.keys(changed).length > 0) {
      await saveSettings(db, changes, [auditStatement(actorOf(c), { action: 'settings.change', targetType: 'settings', targetId: Object.keys(changed).join(','), detail: changed }, clock(), false)]);
    }
    return Object.keys(changed);
  };

  app.get('/', signedIn, async (c) => {
    // The Test box: which entries of the word lists a sample matches, and why (nothing is stored).
    const sample = c.req.query('sample')?.slice(0, 10_000);
    if (wantsJson(c)) {
      const settings = await loadSettings(db);
      return c.json(sample === undefined ? { settings } : { matches: wordMatches(sample, settings).map((m) => ({ ...m, because: matchedBecause(m) })) });
    }
    return answerPage(c, { sample });
  });

  app.get('/words.csv', signedIn, async (c) => {
    c.header('Content-Disposition', 'attachment; filename="word-lists.csv"');
    return c.body(wordListsCsv(await loadSettings(db)), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  // An import replaces the three lists with the file's, or (mode=merge) adds the file's entries to them.
  app.post('/words', signedIn, editorOnly, async (c) => {
    const fields = await readFields(c);
    const mode = fields['mode'] === 'merge' ? 'merge' : 'replace';
    let changes: Partial<Settings>;
    try {
      const csv = typeof fields['csv'] === 'string' ? fields['csv'] : '';
      if (csv.length > 200_000) throw new ApiError('validation_failed', 'The file is too long.', { field: 'csv' });
      const imported = parseWordListsCsv(csv);
      changes = settingsSchema.pick({ refusedWords: true, heldWords: true, flaggedWords: true }).parse(mode === 'merge' ? mergeWordLists(await loadSettings(db), imported) : imported);
    } catch (error) {
      const message = error instanceof z.ZodError ? `${error.issues[0]!.path.join('.')}: ${error.issues[0]!.message}` : error instanceof ApiError ? error.message : undefined;
      if (message === undefined) throw error;
      if (wantsJson(c)) throw new ApiError('validation_failed', message, { field: 'csv' });
      return answerPage(c, { error: `Not imported. ${message}`, status: 422 });
    }
    const changed = await saveAudited(c, changes);
    return done(c, '/moderation/settings', 'settings', { changed, mode });
  });

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
        changes = settingsSchema.parse({ ...form, refusedWords: splitLines(form.refusedWords), heldWords: splitLines(form.heldWords), flaggedWords: splitLines(form.flaggedWords), identifyingWords: splitLines(form.identifyingWords), reservedNames: splitLines(form.reservedNames) });
      }
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      const issue = error.issues[0]!;
      const message = `${issue.path.join('.') || 'settings'}: ${issue.message}`;
      if (wantsJson(c)) throw new ApiError('validation_failed', message, { field: String(issue.path[0] ?? '') });
      return answerPage(c, { error: `Not saved. ${message}`, status: 422 });
    }
    const changed = await saveAudited(c, changes);
    return done(c, '/moderation/settings', 'settings', { changed });
  });

  return app;
}
