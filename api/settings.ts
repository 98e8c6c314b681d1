// Moderation and abuse settings: defaults here, the editor's changes in the settings table.
import { z } from 'zod';
import type { InStatement } from '@libsql/client';
import { cachedFor } from './cached.ts';
import type { Database } from './db/database.ts';

export const settingsSchema = z.object({
  /** Which comments wait for a moderator: none, all, or those on posts older than N days. */
  holdMode: z.enum(['none', 'all', 'older_than']).default('none'),
  holdOlderThanDays: z.number().int().min(1).max(36500).default(14),
  /** More links than this hold a comment. */
  maxLinks: z.number().int().min(0).max(100).default(2),
  /** A comment containing any of these words or phrases is refused: its writer is told which, and may edit it. */
  refusedWords: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  /** A comment containing any of these words (case-insensitive) is held. */
  heldWords: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  /** A comment containing any of these is published and flagged for moderators to read. */
  flaggedWords: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  /**
   * Words that could identify a writer or a colleague (local office names …): a comment containing
   * one, compared as held words are, is stopped with a warning before it goes out.
   */
  identifyingWords: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  /** What happens to a comment with an identifying detail that its writer sends anyway. */
  identifyingDetails: z.enum(['hold', 'publish']).default('hold'),
  /** Distinct reports that hide a comment until a moderator decides. */
  reportThreshold: z.number().int().min(1).max(1000).default(3),
  /** Names only staff may use (compared without case, spaces or punctuation). */
  reservedNames: z.array(z.string().trim().min(1).max(60)).max(1000).default(['Admin', 'Administrator', 'Moderator', 'Editor', 'Blog administrator', 'Befriend']),
  commentsPerMinute: z.number().int().min(1).max(10_000).default(2),
  commentsPerDay: z.number().int().min(1).max(100_000).default(20),
  reportsPerDay: z.number().int().min(1).max(100_000).default(10),
  duplicateWindowMinutes: z.number().int().min(0).max(1440).default(5),
  /** Forms sent sooner than this after they were issued are refused. */
  minFormSeconds: z.number().int().min(0).max(600).default(3),
  /**
   * A comment sent from the page without JavaScript, which cannot solve the browser check: held
   * for a moderator, or refused.
   */
  withoutBrowserCheck: z.enum(['hold', 'refuse']).default('hold'),
  /** Replies deeper than this are shown at this depth (they stay in their thread). */
  maxDisplayDepth: z.number().int().min(1).max(20).default(4),
  /** Days a moderator's removed or rejected comment keeps its text (for restoring), then erased. */
  removedRetentionDays: z.number().int().min(1).max(3650).default(90),
  /** Hours within which moderators aim to answer reports of racism and abuse: older ones are marked overdue. */
  responseTargetHours: z.number().int().min(1).max(720).default(24),
});

export type Settings = z.output<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});

export async function loadSettings(db: Database): Promise<Settings> {
  const rows = (await db.execute('SELECT key, value FROM settings')).rows;
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    const key = String(row[0]);
    if (key in settingsSchema.shape) stored[key] = JSON.parse(String(row[1]));
  }
  const parsed = settingsSchema.safeParse(stored);
  // A setting that no longer validates falls back to its default rather than stopping the board.
  return parsed.success ? parsed.data : { ...defaultSettings, ...Object.fromEntries(Object.entries(stored).filter(([k, v]) => settingsSchema.shape[k as keyof Settings].safeParse(v).success)) };
}

/**
 * How many times this process has saved settings through each database client: a cache on that
 * client reads them again at once after a save, instead of at the end of its second.
 */
const saves = new WeakMap<Database, number>();

/**
 * The settings a change names, checked; unknown names are refused. Only those: zod's partial()
 * still fills every missing field with its default, and saving that would undo the editor's
 * earlier choices.
 */
export function checkedChanges(changes: Record<string, unknown>): Partial<Settings> {
  const checked = settingsSchema.partial().strict().parse(changes);
  return Object.fromEntries(Object.entries(checked).filter(([key]) => key in changes));
}

/** Stores the changes (checked), with `alongside` (e.g. the audit record) in the same transaction. */
export async function saveSettings(db: Database, changes: Partial<Settings>, alongside: InStatement[] = []): Promise<Settings> {
  const checked = checkedChanges(changes);
  await db.batch(
    [
      ...Object.entries(checked).map(([key, value]) => ({
        sql: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        args: [key, JSON.stringify(value)],
      })),
      ...alongside,
    ],
    'write',
  );
  saves.set(db, (saves.get(db) ?? 0) + 1);
  return loadSettings(db);
}

/**
 * Settings read at most once a second: every POST needs them. A change saved in this process (the
 * editor's "hold every comment" during an attack) counts from the next request; one saved in
 * another process or on another machine reaches this one within that second.
 */
export function cachedSettings(db: Database, ttlMs = 1000, now: () => number = Date.now): () => Promise<Settings> {
  let seen = saves.get(db) ?? 0;
  const cached = cachedFor(ttlMs, now, () => loadSettings(db));
  let fresh = cached;
  return () => {
    const saved = saves.get(db) ?? 0;
    if (saved !== seen) {
      seen = saved;
      // A new cache, read now: the old one may hold the settings from before the save.
      fresh = cachedFor(ttlMs, now, () => loadSettings(db));
    }
    return fresh();
  };
}
