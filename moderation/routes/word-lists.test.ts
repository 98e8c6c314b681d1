// The word lists end to end through app.request() on a real libSQL file: each action on a reader's
// comment, staff exempt, the Test box, and the lists as CSV out and in.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-word-lists', ['words-post']);
const { form, jsonPost, audit } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
let editor: string;
let moderator: string;
beforeAll(async () => {
  ({ app, db, editor, moderator } = board);
  expect((await app.request('/moderation/settings', jsonPost({ refusedWords: ['idiot'], heldWords: ['casino'], flaggedWords: ['kirkby'] }, editor))).status).toBe(200);
});

const comment = (body: string, cookie?: string) => app.request('/api/posts/words-post/comments', jsonPost({ body }, cookie));
const count = async (sql: string) => Number((await db.execute(sql)).rows[0]![0]);

describe('each action', () => {
  it('refuses a refused word, even in look-alike letters, naming it and storing nothing', async () => {
    const before = await count('SELECT count(*) FROM comments');
    const res = await comment('What an \u0456d\u200Biot.');
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(error).toMatchObject({ code: 'refused_word', details: [{ kind: 'word', text: 'idiot' }] });
    expect(error.message).toContain('not accepted here');
    expect(error.message).not.toContain('casino');
    expect(await count('SELECT count(*) FROM comments')).toBe(before);
  });

  it('holds a held word with the reason naming it', async () => {
    const res = await comment('Best C\u0410SINO deals');
    expect(res.status).toBe(202);
    expect((await db.execute("SELECT held_reason FROM comments WHERE status = 'pending' ORDER BY id DESC LIMIT 1")).rows[0]![0]).toBe('Contains a held word ("casino").');
  });

  it('publishes a flagged word and lists it for review; dismissing clears the flag', async () => {
    const res = await comment('Anyone else from Kirkby?');
    expect(res.status).toBe(201);
    const { comment: written } = (await res.json()) as { comment: { id: number } };
    const reports = (await (await app.request('/moderation/reports', { headers: { Cookie: moderator, Accept: 'application/json' } })).json()) as { reports: { comment: { id: number }; reportId: string; reports: { note: string }[] }[] };
    const group = reports.reports.find((g) => g.comment.id === written.id)!;
    expect(group.reports).toEqual([expect.objectContaining({ note: 'Contains a flagged word ("kirkby").' })]);
    expect((await db.execute({ sql: 'SELECT status FROM comments WHERE id = ?', args: [written.id] })).rows[0]![0]).toBe('published');
    expect((await app.request(`/moderation/reports/${group.reportId}/dismiss`, jsonPost({}, moderator))).status).toBe(200);
    expect(await count(`SELECT count(*) FROM reports WHERE status = 'open' AND comment_id = ${written.id}`)).toBe(0);
  });

  it('never refuses, holds nor flags staff', async () => {
    for (const body of ['You idiot', 'casino', 'Kirkby']) expect((await comment(body, editor)).status).toBe(201);
    expect(await count("SELECT count(*) FROM reports r JOIN comments c ON c.id = r.comment_id WHERE c.author_kind = 'staff'")).toBe(0);
  });
});

describe('the settings page', () => {
  it('shows each list and what it does; the Test box names every match and why', async () => {
    const page = await (await app.request('/moderation/settings?sample=' + encodeURIComponent('K\u0456rkby casino idiot'), { headers: { Cookie: moderator } })).text();
    expect(page).toMatch(/id="s-refusedWords"[^>]* disabled>idiot<\/textarea>/);
    expect(page).toMatch(/id="s-flaggedWords"[^>]* disabled>kirkby<\/textarea>/);
    expect(page).toContain('<li><strong>Refused words</strong>: matched “idiot” as written (case and accents aside)</li>');
    expect(page).toContain('<li><strong>Held words</strong>: matched “casino” as written');
    expect(page).toContain('<li><strong>Flagged words</strong>: matched “kirkby” via look-alike letters');
    const none = await (await app.request('/moderation/settings?sample=hello', { headers: { Cookie: moderator } })).text();
    expect(none).toContain('No entry matches.');
  });
});

describe('CSV', () => {
  const csv = 'word,action\r\n"one, two",refuse\r\n"say ""hi""",hold\r\nkirkby,flag\r\n';
  const importCsv = (text: string, cookie: string, mode = 'replace') => app.request('/moderation/settings/words', form({ csv: text, mode }, cookie));
  const exported = async () => (await app.request('/moderation/settings/words.csv', { headers: { Cookie: moderator } })).text();

  it('round-trips entries with commas and quotes, replacing the lists, audited', async () => {
    expect((await importCsv(csv, editor)).status).toBe(303);
    expect(await exported()).toBe(csv);
    expect(JSON.parse(String((await audit('settings.change')).at(-1)!['detail']))).toMatchObject({ refusedWords: { from: ['idiot'], to: ['one, two'] } });
    expect((await importCsv('word,action\nidiot,refuse\n', editor, 'merge')).status).toBe(303);
    expect(await exported()).toBe('word,action\r\n"one, two",refuse\r\nidiot,refuse\r\n"say ""hi""",hold\r\nkirkby,flag\r\n');
  });

  it('refuses a bad file, saying where, and changes nothing; a moderator may not import', async () => {
    const before = await exported();
    for (const [text, said] of [
      ['word;action\nx,hold', 'Line 1'],
      ['word,action\nx,ban', 'Line 2: the action must be refuse, hold or flag'],
      ['word,action\nx,hold\na,b,flag', 'Line 3: expected a word and an action'],
      ['word,action\n"open,hold', 'not closed'],
      ['word,action\n ,hold', 'Line 2: the word is empty'],
    ]) {
      const res = await app.request('/moderation/settings/words', jsonPost({ csv: text }, editor));
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(said);
    }
    expect((await importCsv('word,action\nx,ban', editor)).status).toBe(422);
    expect((await importCsv(csv, moderator)).status).toBe(403);
    expect(await exported()).toBe(before);
  });
});
