// Signing in and out, and the one-time setup link, through app.request() on a real libSQL file:
// the cookies, the same answer for any wrong part, the limits per account and per source.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { createAccount } from '../auth/accounts.ts';
import { createSetupToken } from '../auth/setup.ts';
import { openTempDatabase } from '../../tests/support/temp-database.ts';
import { useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-session');
const { form, login } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
beforeAll(() => {
  ({ app, db } = board);
});

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie (the development name over plain HTTP) and a staff hint', async () => {
    const res = await app.request('/moderation/login', form({ username: 'Edith Editor', password: 'a long editor password', next: '/moderation/reports' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/moderation/reports');
    const [session, hint] = res.headers.getSetCookie();
    expect(session).toMatch(/^befriend_session=[^;]+; /);
    expect(session).toContain('HttpOnly');
    expect(session).toContain('SameSite=Lax');
    expect(session).toContain('Path=/');
    expect(hint).toMatch(/^befriend_staff=Edith%20Editor;/);
    expect(hint).not.toContain('HttpOnly');
  });

  it('uses a __Host- Secure cookie on an https site', async () => {
    const secureApp = board.appFor({ pagesOrigin: 'https://blog.example.org' });
    const res = await secureApp.request('/moderation/login', { ...form({ username: 'Edith Editor', password: 'a long editor password' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', 'X-Forwarded-For': '192.0.2.200' } });
    expect(res.status).toBe(303);
    const session = res.headers.getSetCookie()[0]!;
    expect(session).toMatch(/^__Host-befriend_session=/);
    expect(session).toContain('Secure');
    expect(session).toContain('Path=/');
  });

  it('says the same whether the name or the password was wrong', async () => {
    const wrongName = await app.request('/moderation/login', form({ username: 'Nobody', password: 'a long editor password' }));
    const wrongPassword = await app.request('/moderation/login', form({ username: 'Edith Editor', password: 'not the password at all' }));
    expect(wrongName.status).toBe(401);
    expect(wrongPassword.status).toBe(401);
    const text = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1];
    expect(text(await wrongName.text())).toBe(text(await wrongPassword.text()));
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
  });

  it('limits failures on an account from one source: the eleventh attempt in an hour is refused even with the right password', async () => {
    await createAccount(db, { name: 'Target', role: 'moderator', password: 'the target password' }, board.clock);
    const from = { 'X-Forwarded-For': '192.0.2.140' };
    for (let i = 0; i < 10; i++) {
      if (i % 5 === 4) board.clock += 61_000;
      expect((await app.request('/moderation/login', form({ username: 'Target', password: `guess number ${i}` }, undefined, from))).status).toBe(401);
    }
    board.clock += 61_000;
    const eleventh = await app.request('/moderation/login', form({ username: 'target', password: 'the target password' }, undefined, from));
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get('Retry-After'))).toBeGreaterThan(0);
    board.clock += 3_600_000;
    expect((await app.request('/moderation/login', form({ username: 'Target', password: 'the target password' }, undefined, from))).status).toBe(303);
  });

  it('limits attempts per source', async () => {
    const from = { 'X-Forwarded-For': '192.0.2.77' };
    for (let i = 0; i < 6; i++) await app.request('/moderation/login', form({ username: `someone ${i}`, password: 'whatever it may be' }, undefined, from));
    expect((await app.request('/moderation/login', form({ username: 'Edith Editor', password: 'a long editor password' }, undefined, from))).status).toBe(429);
    board.clock += 61_000;
  });

  it('signs out: the session ends in the database', async () => {
    const cookie = await login('Edith Editor', 'a long editor password');
    expect((await app.request('/moderation', { headers: { Cookie: cookie } })).status).toBe(200);
    const out = await app.request('/moderation/logout', form({}, cookie));
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie()[0]).toContain('Max-Age=0');
    expect((await app.request('/moderation', { headers: { Cookie: cookie } })).status).toBe(303);
  });
});

describe('the setup link', () => {
  it('creates the first editor once, signs them in, then stops working', async () => {
    const fresh = await openTempDatabase('moderation-fresh');
    try {
      const freshApp = board.appFor({ db: fresh.db });
      const token = (await createSetupToken(fresh.db, board.clock))!;
      expect((await freshApp.request(`/moderation/setup/${token}`)).status).toBe(200);
      const weak = await freshApp.request(`/moderation/setup/${token}`, form({ name: 'First Editor', password: 'short' }));
      expect(weak.status).toBe(422);
      const made = await freshApp.request(`/moderation/setup/${token}`, form({ name: 'First Editor', password: 'a long first password' }));
      expect(made.status).toBe(303);
      const cookie = made.headers.getSetCookie()[0]!.split(';')[0]!;
      expect((await freshApp.request('/moderation/accounts', { headers: { Cookie: cookie } })).status).toBe(200);
      expect((await freshApp.request(`/moderation/setup/${token}`)).status).toBe(410);
      expect((await freshApp.request(`/moderation/setup/${token}`, form({ name: 'Second', password: 'another long password' }))).status).toBe(410);
      expect(await createSetupToken(fresh.db, board.clock)).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
