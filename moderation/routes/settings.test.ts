// The settings through app.request() on a real libSQL file: who may change them, what a bad value does, the audit record.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { expectPrivateAudit, useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-settings', ['identifying-post']);
const { form, jsonPost, audit, appFor } = board;
/** Every field of the settings form, as the page sends it. */
const settingsFields = { holdMode: 'older_than', holdOlderThanDays: '14', maxLinks: '3', heldWords: 'casino\nlottery', identifyingWords: '', identifyingDetails: 'hold', reportThreshold: '4', reservedNames: 'Admin\nOwner', removedRetentionDays: '30', commentsPerMinute: '2', commentsPerDay: '20', reportsPerDay: '10', duplicateWindowMinutes: '5', minFormSeconds: '3', withoutBrowserCheck: 'hold', maxDisplayDepth: '4' };
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
    const page = await app.request('/moderation/settings', form(settingsFields, editor));
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

describe('identifying details', () => {
  const settingsNow = async () => ((await (await app.request('/moderation/settings', { headers: { Cookie: editor, Accept: 'application/json' } })).json()) as { settings: Record<string, unknown> }).settings;
  const comment = (body: string, cookie?: string, extra: Record<string, unknown> = {}) => app.request('/api/posts/identifying-post/comments', jsonPost({ body, ...extra }, cookie));

  it('the editor lists identifying words and chooses what sending anyway does, on the page; both are audited', async () => {
    const saved = await app.request('/moderation/settings', form({ ...settingsFields, holdMode: 'none', reportThreshold: '3', identifyingWords: 'Kirkby office\n  Bootle  \n\n', identifyingDetails: 'publish' }, editor));
    expect(saved.status).toBe(303);
    expect(await settingsNow()).toMatchObject({ identifyingWords: ['Kirkby office', 'Bootle'], identifyingDetails: 'publish' });
    const page = await (await app.request('/moderation/settings', { headers: { Cookie: editor } })).text();
    expect(page).toContain('name="identifyingWords" rows="4" aria-describedby="h-identifyingWords">Kirkby office\nBootle</textarea>');
    expect(page).toMatch(/<input type="radio" id="identifying-publish" name="identifyingDetails" value="publish" checked>/);
    expect(page).not.toMatch(/id="identifying-hold"[^>]*checked/);
    expect(JSON.parse(String((await audit('settings.change')).at(-1)!['detail']))).toMatchObject({ identifyingWords: { from: [], to: ['Kirkby office', 'Bootle'] }, identifyingDetails: { from: 'hold', to: 'publish' } });
    // A moderator sees them, and cannot change them.
    expect(await (await app.request('/moderation/settings', { headers: { Cookie: moderator } })).text()).toMatch(/id="s-identifyingWords"[^>]* disabled>Kirkby office/);
    expect((await app.request('/moderation/settings', jsonPost({ identifyingDetails: 'hold' }, moderator))).status).toBe(403);
  });

  it('a bad mode changes nothing', async () => {
    const page = await app.request('/moderation/settings', form({ ...settingsFields, identifyingDetails: 'sometimes' }, editor));
    expect(page.status).toBe(422);
    expect((await app.request('/moderation/settings', jsonPost({ identifyingWords: ['x'.repeat(101)] }, editor))).status).toBe(422);
    expect(await settingsNow()).toMatchObject({ identifyingWords: ['Kirkby office', 'Bootle'], identifyingDetails: 'publish' });
  });

  it('the words stop a reader’s comment, and the mode decides what sending it anyway does; staff are never stopped nor held', async () => {
    const warned = await comment('All of us in b\u00F6otle know who it was.');
    expect(warned.status).toBe(422);
    expect(((await warned.json()) as { error: { code: string; details: unknown } }).error).toMatchObject({ code: 'identifying_detail', details: [{ kind: 'word', text: 'Bootle' }] });
    expect((await comment('All of us in Bootle know who it was.', undefined, { confirmIdentifying: true })).status).toBe(201);
    await app.request('/moderation/settings', jsonPost({ identifyingDetails: 'hold' }, editor));
    expect((await comment('The Kirkby office again.', undefined, { confirmIdentifying: true })).status).toBe(202);
    const staff = await comment('The Kirkby office: ring 020 7946 0958.', editor);
    expect(staff.status).toBe(201);
    expect(((await staff.json()) as { comment: { author: { kind: string } } }).comment.author.kind).toBe('staff');
    await app.request('/moderation/settings', jsonPost({ identifyingWords: [] }, editor));
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
