// The settings through app.request() on a real libSQL file: who may change them, what a bad value does, the audit record.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { expectPrivateAudit, useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-settings');
const { form, jsonPost, audit } = board;
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
    const page = await app.request('/moderation/settings', form({ holdMode: 'older_than', holdOlderThanDays: '14', maxLinks: '3', heldWords: 'casino\nlottery', reportThreshold: '4', reservedNames: 'Admin\nOwner', removedRetentionDays: '30', commentsPerMinute: '2', commentsPerDay: '20', reportsPerDay: '10', duplicateWindowMinutes: '5', minFormSeconds: '3', maxDisplayDepth: '4', timeZone: 'Europe/Paris' }, editor));
    expect(page.status).toBe(303);
    const settings = ((await (await app.request('/moderation/settings', { headers: { Cookie: editor, Accept: 'application/json' } })).json()) as { settings: Record<string, unknown> }).settings;
    expect(settings).toMatchObject({ holdMode: 'older_than', heldWords: ['casino', 'lottery'], reportThreshold: 4, reservedNames: ['Admin', 'Owner'], timeZone: 'Europe/Paris' });
    const entry = (await audit('settings.change')).at(-1)!;
    expect(JSON.parse(String(entry['detail']))).toMatchObject({ reportThreshold: { from: 3, to: 4 } });
    const badZone = await app.request('/moderation/settings', jsonPost({ timeZone: 'Mars/Olympus' }, editor));
    expect(badZone.status).toBe(422);
    await app.request('/moderation/settings', jsonPost({ holdMode: 'none', reportThreshold: 3, timeZone: 'Europe/London' }, editor));
  });
});

describe('privacy of the record', () => {
  it('the audit log never holds a reader address or key', async () => {
    await expectPrivateAudit(db);
  });
});
