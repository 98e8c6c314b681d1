// A comment that could identify someone, through app.request() on a real libSQL file: the writer is
// told first (422, nothing stored), then it is held for a moderator if sent anyway (or published,
// when the settings say so); the page without JavaScript offers the same choice.
import { describe, expect, it } from 'vitest';
import { boardRequests, form, formSecret, json, useCommentBoard } from '../../../tests/support/comment-board.ts';
import { saveSettings } from '../../settings.ts';
import { issueFormToken } from '../form-token.ts';
import { refusalsPerHour } from '../limits.ts';
import { powFor } from '../../../tests/support/proof-of-work.ts';

let clock = Date.UTC(2026, 10, 26, 10);
const board = useCommentBoard('identifying', () => clock);
const { postComment: post_, thread } = boardRequests(board);

const body = 'Ring me on 07911 123456 or write to jim.smith@example.com about the rota.';

interface Refusal {
  error: { code: string; message: string; field?: string; details?: { kind: string; text: string }[]; ifSentAnyway?: string };
}

/** Every row of every table: what a refusal must leave as it was. */
async function everyRow(): Promise<string> {
  const { db } = board.database;
  const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).rows.map((r) => String(r['name']));
  const rows = await Promise.all(tables.map(async (t) => [t, (await db.execute(`SELECT * FROM "${t}"`)).rows]));
  return JSON.stringify(rows);
}

async function heldReason(id: number): Promise<unknown> {
  return (await board.database.db.execute({ sql: 'SELECT status, held_reason FROM comments WHERE id = ?', args: [id] })).rows[0]?.['held_reason'];
}

describe('a comment with an identifying detail (JSON)', () => {
  it('is refused with 422, saying what was found, and changes nothing', async () => {
    const before = await everyRow();
    const { res, data } = await post_('open-post', { body });
    expect(res.status).toBe(422);
    expect(res.headers.get('Form-Token')).toBeNull();
    expect(data).toEqual({
      error: {
        code: 'identifying_detail',
        message: 'This comment contains a phone number and an email address: they could identify you or a colleague. Edit them out, or send it anyway and a moderator will read it first.',
        field: 'body',
        details: [
          { kind: 'phone', text: '07911 123456' },
          { kind: 'email', text: 'jim.smith@example.com' },
        ],
        ifSentAnyway: 'held',
      },
    } satisfies Refusal);
    expect(await everyRow()).toBe(before);
  });

  it('sent anyway, it waits for a moderator with the reason', async () => {
    const { res, data } = await post_('open-post', { body, confirmIdentifying: true });
    expect(res.status).toBe(202);
    expect(data['comment'].status).toBe('pending');
    expect(await heldReason(data['comment'].id)).toBe('May identify someone: phone number, email address.');
    expect(JSON.stringify(await thread('open-post'))).not.toContain('07911');
  });

  it('an ordinary comment needs no confirming, and the box ticked changes nothing for it', async () => {
    expect((await post_('open-post', { body: 'Anon 10:46 is right: 300 comments since 2014, £3,000 cut.' })).res.status).toBe(201);
    expect((await post_('open-post', { body: 'Agreed with 12.1.', confirmIdentifying: true })).res.status).toBe(201);
  });

  it('a listed word is one too, named in the warning', async () => {
    await saveSettings(board.database.db, { identifyingWords: ['Kirkby office'] });
    const { res, data } = await post_('open-post', { body: 'Everyone at the kirkby OFFICE knows.' });
    expect(res.status).toBe(422);
    expect(data['error'].details).toEqual([{ kind: 'word', text: 'Kirkby office' }]);
    expect(data['error'].message).toContain('(“Kirkby office”)');
    const sent = await post_('open-post', { body: 'Everyone at the kirkby OFFICE knows.', confirmIdentifying: true });
    expect(await heldReason(sent.data['comment'].id)).toBe('May identify someone: listed word (“Kirkby office”).');
    await saveSettings(board.database.db, { identifyingWords: [] });
  });

  it('when the settings say so, sent anyway it is published, and the warning says so', async () => {
    await saveSettings(board.database.db, { identifyingDetails: 'publish' });
    try {
      const warned = await post_('other-post', { body: 'My profile: https://x.com/jimsmith' });
      expect(warned.res.status).toBe(422);
      expect(warned.data['error']).toMatchObject({ ifSentAnyway: 'published', message: expect.stringContaining('a link to a social-media profile: it could identify you or a colleague. Edit it out, or send it anyway if you are sure.') });
      const { res, data } = await post_('other-post', { body: 'My profile: https://x.com/jimsmith', confirmIdentifying: true });
      expect(res.status).toBe(201);
      expect(data['comment'].status).toBe('published');
    } finally {
      await saveSettings(board.database.db, { identifyingDetails: 'hold' });
    }
  });

  it.each([['yes'], [1], ['']])('confirmIdentifying %j is refused as a bad field', async (value) => {
    const { res, data } = await post_('open-post', { body: 'hello', confirmIdentifying: value });
    expect(res.status).toBe(422);
    expect(data['error']).toMatchObject({ code: 'validation_failed', field: 'confirmIdentifying' });
  });
});

describe('with rate limits on', () => {
  it('a warning counts against no budget, and the same form token sends it anyway', async () => {
    const token = issueFormToken(formSecret, clock);
    clock += 5000;
    const pow = await powFor(formSecret, clock);
    const send = (fields: Record<string, unknown>) => board.limited.request('/api/posts/limits-post/comments', json({ body, formToken: token, pow, ...fields }, '192.0.2.150'));
    // More warnings than the hour's budget of refused comments.
    for (let i = 0; i <= refusalsPerHour; i++) {
      const warned = await send({});
      expect(warned.status).toBe(422);
      expect(((await warned.json()) as Refusal).error.code).toBe('identifying_detail');
    }
    const sent = await send({ confirmIdentifying: true });
    expect(sent.status).toBe(202);
  });
});

describe('the page without JavaScript', () => {
  it('shows the warning with the text kept and a box to send it anyway; ticked, the comment is held', async () => {
    const refused = await board.app.request('/api/posts/other-post/comments', form({ body, name: 'Careful' }));
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain('This comment contains a phone number and an email address: they could identify you or a colleague.');
    expect(page).toContain(`>${body}</textarea>`);
    expect(page).toContain('value="Careful"');
    expect(page).toContain('Found: <mark>07911 123456</mark>, <mark>jim.smith@example.com</mark>.');
    expect(page).toMatch(/<input type="checkbox" id="comment-confirm-identifying" name="confirmIdentifying" value="on"> <label for="comment-confirm-identifying">Send it anyway: a moderator reads it first<\/label>/);
    // Inside the comment form, which posts it again with a form token of its own.
    const commentForm = /<form class="comment-form"[^]*?<\/form>/.exec(page)![0];
    expect(commentForm).toContain('name="confirmIdentifying"');
    const token = /name="formToken" value="([^"]+)"/.exec(commentForm)![1]!;

    const sent = await board.app.request('/api/posts/other-post/comments', form({ body, name: 'Careful', formToken: token, confirmIdentifying: 'on' }));
    expect(sent.status).toBe(202);
    const held = await sent.text();
    expect(held).toContain('Waiting for a moderator');
    expect(held).not.toContain('name="confirmIdentifying"');
    const id = Number(/data-held-id="(\d+)"/.exec(held)![1]);
    expect(await heldReason(id)).toBe('May identify someone: phone number, email address.');
  });

  it('no box after other refusals, nor on a fresh page', async () => {
    const refused = await (await board.app.request('/api/posts/other-post/comments', form({ body: 'Fine words', name: 'Administrator' }))).text();
    expect(refused).toContain('That name is kept for the blog’s staff');
    expect(refused).not.toContain('confirmIdentifying');
    expect(await (await board.app.request('/posts/other-post/comments')).text()).not.toContain('confirmIdentifying');
  });

  it('a refused reply is shown again as a reply, so that sending it anyway keeps it one', async () => {
    const parent = (await post_('other-post', { body: 'A parent to answer' })).data['comment'].id as number;
    const refused = await (await board.app.request('/api/posts/other-post/comments', form({ body, parentId: String(parent) }))).text();
    expect(refused).toContain(`<input type="hidden" name="parentId" value="${parent}">`);
    expect(refused).toMatch(/<h2 id="comment-form-heading">Reply to comment \d+<\/h2>/);
    const sent = await board.app.request('/api/posts/other-post/comments', form({ body, parentId: String(parent), confirmIdentifying: 'true' }));
    expect(sent.status).toBe(202);
    const row = (await board.database.db.execute({ sql: 'SELECT parent_id FROM comments ORDER BY id DESC LIMIT 1' })).rows[0]!;
    expect(Number(row['parent_id'])).toBe(parent);
  });
});
