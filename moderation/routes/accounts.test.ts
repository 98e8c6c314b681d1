// Accounts through app.request() on a real libSQL file: editors manage them, nobody else.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { expectPrivateAudit, useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-accounts');
const { jsonPost, audit } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
let editor: string;
let moderator: string;
beforeAll(() => {
  ({ app, db, editor, moderator } = board);
});

describe('accounts', () => {
  it('lets the editor manage accounts, and nobody else', async () => {
    expect((await app.request('/moderation/accounts', { headers: { Cookie: moderator } })).status).toBe(403);
    const added = await app.request('/moderation/accounts', jsonPost({ name: 'Nia New', role: 'moderator', password: 'a fresh long password' }, editor));
    expect(added.status).toBe(201);
    expect((await app.request('/moderation/accounts', jsonPost({ name: 'nia-new', role: 'moderator', password: 'a fresh long password' }, editor))).status).toBe(409);
    const list = await (await app.request('/moderation/accounts', { headers: { Cookie: editor } })).text();
    expect(list).toContain('Nia New');
    expect((await audit('account.create')).at(-1)).toMatchObject({ account_name: 'Edith Editor' });
  });
});

describe('privacy of the record', () => {
  it('the audit log never holds a reader address or key', async () => {
    await expectPrivateAudit(db);
  });
});
