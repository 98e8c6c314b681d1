// The settings through app.request() on a real libSQL file: who may change them, what a bad value does, the audit record.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { expectPrivateAudit, useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-settings');
const { form, jsonPost, audit, appFor } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
let editor: string;
let moderator: string;
beforeAll(() => {
  ({ app, db, editor, moderator } = board);
});

describe('settings', () => {
  it('lets only the editor change settings; a bad value changes nothing; changes are audited', async () => {
    expect((await app.request('/moderation/settings', jsonPost({ reportThreshold: 5 }, moderator))).status).toBe(403);
    const bad = await app.request('/moderation/settings', jsonPost({ reportThreshold: 0 }, editor));
    expect(bad.status).toBe(422);
    const page = await app.request('/moderation/settings', form({ holdMode: 'older_than', holdOlderThanDays: '14', maxLinks: '3', heldWords: 'casino\nlottery', reportThreshold: '4', reservedNames: 'Admin\nOwner', removedRetentionDays: '30', commentsPerMinute: '2', commentsPerDay: '20', reportsPerDay: '10', duplicateWindowMinutes: '5', minFormSeconds: '3', maxDisplayDepth: '4' }, editor));
    expect(page.status).toBe(303);
    const settings = ((await (await app.request('/moderation/settings', { headers: { Cookie: editor, Accept: 'application/json' } })).json()) as { settings: Record<string, unknown> }).settings;
    expect(settings).toMatchObject({ holdMode: 'older_than', heldWords: ['casino', 'lottery'], reportThreshold: 4, reservedNames: ['Admin', 'Owner'] });
    const entry = (await audit('settings.change')).at(-1)!;
    expect(JSON.parse(String(entry['detail']))).toMatchObject({ reportThreshold: { from: 3, to: 4 } });
    // JSON names only what it changes: the rest stays as the editor left it.
    expect((await app.request('/moderation/settings', jsonPost({ holdMode: 'none', reportThreshold: 3 }, editor))).status).toBe(200);
    expect((await audit('settings.change')).at(-1)!['target_id']).toBe('holdMode,reportThreshold');
    expect(((await (await app.request('/moderation/settings', { headers: { Cookie: editor, Accept: 'application/json' } })).json()) as { settings: Record<string, unknown> }).settings).toMatchObject({ heldWords: ['casino', 'lottery'], maxLinks: 3 });
  });
});

describe('the time zone', () => {
  it('is the blog’s, from where the server runs: shown on the settings page, never changed there', async () => {
    const page = await (await app.request('/moderation/settings', { headers: { Cookie: editor } })).text();
    expect(page).toMatch(/Time zone: <strong>Europe\/London<\/strong>/);
    for (const timeZone of ['Europe/Paris', 'Mars/Olympus']) {
      const refused = await app.request('/moderation/settings', jsonPost({ timeZone, reportThreshold: 7 }, editor));
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { error: { message: string; field: string } }).error).toMatchObject({ field: 'timeZone', message: expect.stringContaining('BLOG_TIME_ZONE') });
    }
    const settings = ((await (await app.request('/moderation/settings', { headers: { Cookie: editor, Accept: 'application/json' } })).json()) as { settings: Record<string, unknown> }).settings;
    expect(settings).not.toHaveProperty('timeZone');
    expect(settings['reportThreshold']).toBe(3);
  });

  it('sets the times of every moderation page', async () => {
    const entry = (await audit('settings.change')).at(-1)!;
    const shown = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(Number(entry['at'])));
    expect(shown('America/Chicago')).not.toBe(shown('Europe/London'));
    const chicago = appFor({ timeZone: 'America/Chicago' });
    expect(await (await chicago.request('/moderation/settings', { headers: { Cookie: editor } })).text()).toMatch(/Time zone: <strong>America\/Chicago<\/strong>/);
    const log = await (await chicago.request('/moderation/audit', { headers: { Cookie: editor } })).text();
    expect(log).toContain(`<time datetime="${new Date(Number(entry['at'])).toISOString()}">${shown('America/Chicago')}</time>`);
    expect(await (await app.request('/moderation/audit', { headers: { Cookie: editor } })).text()).toContain(shown('Europe/London'));
  });
});

describe('privacy of the record', () => {
  it('the audit log never holds a reader address or key', async () => {
    await expectPrivateAudit(db);
  });
});
