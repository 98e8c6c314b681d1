// Blogger's own settings in the export: comment moderation is the one the board can take, and
// only when asked (--apply-settings).
import type { Database } from '../../api/db/database.ts';
import { saveSettings, type Settings } from '../../api/settings.ts';
import type { Entry } from './parse.ts';
import type { ImportSummary } from './run.ts';

/** A settings entry's name (BLOG_COMMENT_MODERATION …) and value, when it has a name. */
export function bloggerSetting(entry: Entry): [name: string, value: string] | undefined {
  const name = /\.settings\.(\w+)$/.exec(entry.id)?.[1];
  return name ? [name, entry.content.trim()] : undefined;
}

/**
 * What Blogger's moderation settings were, and the board's own made from them when `apply` is
 * set (saved unless this is a dry run).
 */
export async function blogSettings(db: Database, settings: Record<string, string>, { apply, dryRun }: { apply: boolean; dryRun: boolean }): Promise<ImportSummary['settings']> {
  const moderation = settings['BLOG_COMMENT_MODERATION'];
  const delay = Number(settings['BLOG_COMMENT_MODERATION_DELAY']);
  const found: ImportSummary['settings'] = {
    moderation,
    delayDays: Number.isFinite(delay) && delay > 0 ? delay : undefined,
    applied: undefined,
  };
  if (apply && moderation) {
    const applied: Partial<Settings> = /^(DISABLED|NEVER|NONE)$/i.test(moderation)
      ? { holdMode: 'none' }
      : /^(ENABLED|ALWAYS)$/i.test(moderation)
        ? { holdMode: 'all' }
        : {
            holdMode: 'older_than',
            ...(found.delayDays ? { holdOlderThanDays: found.delayDays } : {}),
          };
    found.applied = applied;
    if (!dryRun) await saveSettings(db, applied);
  }
  return found;
}
