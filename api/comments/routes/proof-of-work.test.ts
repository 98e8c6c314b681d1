// The browser check through the API: a JSON comment or report needs a solution, good once and
// for minutes; a form from the page without JavaScript is held (or refused, as the settings say).
import { describe, expect, it } from 'vitest';
import { saveSettings } from '../../settings.ts';
import { issueFormToken } from '../form-token.ts';
import { issueChallenge, powLifetimeMs, withoutCheckReason } from '../proof-of-work.ts';
import { solvePow } from '../../../tests/support/proof-of-work.ts';
import { boardRequests, form, formSecret, json, useCommentBoard } from '../../../tests/support/comment-board.ts';

let clock = Date.UTC(2026, 10, 26, 10);
const board = useCommentBoard('proof-of-work', () => clock);
const { postComment } = boardRequests(board);

let from = 0;
/** A JSON comment from a new reader, with a good form token. */
const send = (fields: Record<string, unknown>) => board.limited.request('/api/posts/open-post/comments', json({ body: `Checked ${++from}.`, formToken: issueFormToken(formSecret, clock - 10_000), ...fields }, `192.0.2.${from}`));
const refusal = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string; field?: string } }).error];
const stored = async () => Number((await board.database.db.execute('SELECT count(*) AS n FROM comments')).rows[0]!['n']);
const challenge = () => issueChallenge(formSecret, clock);

describe('the browser check', () => {
  it('comes with the thread, with the limits on only', async () => {
    const header = (await board.limited.request('/api/posts/open-post/comments')).headers.get('Pow-Challenge');
    expect(JSON.parse(header!)).toMatchObject({ parameters: { algorithm: 'SHA-256', keyPrefix: expect.stringMatching(/^[0-9a-f]{32}$/) }, signature: expect.any(String) });
    expect((await board.app.request('/api/posts/open-post/comments')).headers.get('Pow-Challenge')).toBeNull();
    expect((await board.limited.request('/api/posts/closed-post/comments')).headers.get('Pow-Challenge')).toBeNull();
  });

  it('is needed by a JSON comment: missing or wrong is refused and stores nothing', async () => {
    const before = await stored();
    expect(await refusal(await send({}))).toEqual([422, expect.objectContaining({ code: 'pow_required', field: 'pow' })]);
    const right = JSON.parse(Buffer.from(await solvePow(await challenge()), 'base64').toString());
    const wrongKey = { ...right, solution: { ...right.solution, derivedKey: right.solution.derivedKey.replace(/^./, (c: string) => (c === '0' ? '1' : '0')) } };
    const otherPrefix = { ...right, challenge: { ...right.challenge, parameters: { ...right.challenge.parameters, keyPrefix: '00' } } };
    for (const wrong of [wrongKey, otherPrefix]) expect(await refusal(await send({ pow: Buffer.from(JSON.stringify(wrong)).toString('base64') }))).toEqual([422, expect.objectContaining({ code: 'pow_invalid' })]);
    expect(await refusal(await send({ pow: 'not a solution' }))).toEqual([422, expect.objectContaining({ code: 'pow_invalid' })]);
    // Signed with another secret.
    expect(await refusal(await send({ pow: await solvePow(await issueChallenge('another secret', clock)) }))).toEqual([422, expect.objectContaining({ code: 'pow_invalid' })]);
    expect(await stored()).toBe(before);
  });

  it('a right solution is accepted once, and only for minutes', async () => {
    const pow = await solvePow(await challenge());
    const sent = await send({ pow });
    expect(sent.status).toBe(201);
    expect(sent.headers.get('Pow-Challenge')).toMatch(/^\{/);
    expect(await refusal(await send({ pow }))).toEqual([422, expect.objectContaining({ code: 'pow_invalid', field: 'pow' })]);
    const old = await solvePow(await challenge());
    clock += powLifetimeMs + 1000;
    const expired = await send({ pow: old });
    expect(await refusal(expired)).toEqual([422, expect.objectContaining({ code: 'pow_invalid', message: expect.stringContaining('expired') })]);
  });

  it('is not needed with LIMITS=off', async () => {
    expect((await postComment('open-post', { body: 'No check, no limits.' })).res.status).toBe(201);
  });

  it('a form from the page without JavaScript is held for a moderator, or refused as the settings say', async () => {
    const page = await board.limited.request('/api/posts/open-post/comments', form({ body: 'Written without script.', formToken: issueFormToken(formSecret, clock - 10_000) }, '192.0.2.201'));
    expect(page.status).toBe(202);
    const row = (await board.database.db.execute("SELECT status, held_reason FROM comments WHERE body_source = 'Written without script.'")).rows[0]!;
    expect([row['status'], row['held_reason']]).toEqual(['pending', withoutCheckReason]);
    await saveSettings(board.database.db, { withoutBrowserCheck: 'refuse' });
    clock += 2000;
    const before = await stored();
    const refused = await board.limited.request('/api/posts/open-post/comments', form({ body: 'Refused without script.', formToken: issueFormToken(formSecret, clock - 10_000) }, '192.0.2.202'));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('needs JavaScript');
    expect(await stored()).toBe(before);
    await saveSettings(board.database.db, { withoutBrowserCheck: 'hold' });
  });

  it('is needed by a JSON report, once; a form report needs none', async () => {
    const { data } = await postComment('open-post', { body: 'To be reported.' });
    const report = (fields: Record<string, unknown>, address: string) => board.limited.request(`/api/comments/${data.comment.id}/reports`, json({ reason: 'spam', ...fields }, address));
    expect(await refusal(await report({}, '192.0.2.210'))).toEqual([422, expect.objectContaining({ code: 'pow_required' })]);
    const pow = await solvePow(await challenge());
    expect((await report({ pow }, '192.0.2.211')).status).toBe(201);
    expect(await refusal(await report({ pow }, '192.0.2.212'))).toEqual([422, expect.objectContaining({ code: 'pow_invalid' })]);
    expect((await board.limited.request(`/api/comments/${data.comment.id}/reports`, form({ reason: 'spam' }, '192.0.2.213'))).status).toBe(303);
  });
});
