// Mail to the moderators, end to end: readers comment and report through app.request() on a fresh
// temporary database each test, and the notifier sends through a real SMTP server started here
// (smtp-server), which receives the real message; nothing of any reader may be in it.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../api/render/pool.ts';
import { createApp } from '../server/app.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { openTempDatabase } from '../tests/support/temp-database.ts';
import { moderatorMail, type ModeratorMail } from './notify.ts';

const minute = 60_000;
let now = Date.UTC(2026, 10, 26, 10);
const clock = () => now;
const post = (id: string, comments: PostsManifestEntry['comments']): PostsManifestEntry => ({ id, title: id, url: `/2026/11/${id}/`, published: '2026-11-20T10:00:00.000Z', labels: [], comments });
const posts = [post('open-post', 'open'), post('moderated-post', 'moderated')];
const moderators = ['ada@mods.example', 'bo@mods.example'];

// What a reader gives, each distinctive enough that finding it in a mail means it leaked.
const reader = { name: 'Ottoline Quarrington', body: 'Zephyrine marmalade, said the capybara', note: 'Brontosaurus note from Wendeline', address: '198.51.100.' };

interface Received {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  raw: string;
}

/** The message as a person reads it: quoted-printable and encoded words undone. */
function readable(raw: string): string {
  const words = raw.replace(/\?=\r?\n\s+=\?UTF-8\?Q\?/gi, '').replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, word: string) => word.replace(/_/g, ' '));
  const bytes = words.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

const servers: SMTPServer[] = [];

/** A real SMTP server on a free local port, taking the password the board's SMTP_URL carries. */
async function startSmtp(options: SMTPServerOptions = {}): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) => (auth.username === 'board' && auth.password === 's3cret' ? callback(null, { user: auth.username }) : callback(new Error('Invalid login'))),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope;
        received.push({ from: mailFrom ? mailFrom.address : undefined, to: rcptTo.map((x) => x.address), user: session.user, raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
    ...options,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://board:s3cret@127.0.0.1:${(server.server.address() as AddressInfo).port}`, received };
}

let renderer: RenderPool;
const closing: (() => Promise<void>)[] = [];
beforeAll(() => {
  renderer = createRenderPool({ size: 1 });
});
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});
afterAll(async () => {
  await renderer.close();
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** The whole app on its own database, its board telling a notifier that mails through `smtpUrl`. */
async function boardMailingTo(smtpUrl: string, options: { queueSize?: number; log?: (message: string) => void } = {}) {
  const database = await openTempDatabase('notify');
  const mail: ModeratorMail = moderatorMail({
    db: database.db,
    clock,
    settings: { smtpUrl, from: 'board@blog.example', to: moderators, queueSize: options.queueSize ?? 20 },
    moderationUrl: () => 'http://127.0.0.1:4321/moderation',
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, writes } = database;
  const app = createApp({
    distDir: database.dir,
    pagesOrigin: 'http://127.0.0.1:4321',
    posts,
    comments: { db, writes, renderer, sources: createSourceHasher(clock), clock, formSecret: 'notify-form-secret', limits: false, trustedProxyHeader: 'X-Forwarded-For', onQueueEvent: mail.notify },
  });
  closing.push(async () => {
    await mail.settled();
    mail.close();
    await database.close();
  });
  const request = (path: string, method: string, body: unknown, from: string) =>
    app.request(path, { method, headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify(body) });
  return {
    mail,
    async comment(postId: string, n = 1) {
      const res = await request(`/api/posts/${postId}/comments`, 'POST', { name: reader.name, body: `${reader.body} (${n})` }, `${reader.address}${n}`);
      expect([201, 202]).toContain(res.status);
      const data = (await res.json()) as { comment: { id: number }; removalKey: string };
      return { id: data.comment.id, removalKey: data.removalKey };
    },
    async report(id: number, reason: string, n: number) {
      const res = await request(`/api/comments/${id}/reports`, 'POST', { reason, note: reader.note }, `${reader.address}${100 + n}`);
      expect(res.status).toBe(201);
    },
    async withdraw(written: { id: number; removalKey: string }) {
      expect((await request(`/api/comments/${written.id}`, 'DELETE', { removalKey: written.removalKey }, `${reader.address}1`)).status).toBe(200);
    },
  };
}

function expectNothingOfAnyReader(text: string) {
  for (const given of [reader.name, reader.body, 'marmalade', reader.note, 'Brontosaurus', reader.address]) expect(text).not.toContain(given);
}

describe('mail to the moderators', () => {
  it('goes once a comment is hidden by readers’ reports: to the moderators, with the queue’s address and nothing of any reader', async () => {
    const smtp = await startSmtp();
    const board = await boardMailingTo(smtp.url);
    const { id } = await board.comment('open-post');
    await board.report(id, 'spam', 1);
    await board.report(id, 'spam', 2);
    await board.mail.settled();
    expect(smtp.received).toEqual([]);
    await board.report(id, 'spam', 3);
    await board.mail.settled();

    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message).toMatchObject({ from: 'board@blog.example', to: moderators, user: 'board' });
    const text = readable(message!.raw);
    expect(text).toMatch(/^Subject: \[127\.0\.0\.1:4321\] A comment was hidden by readers’ reports$/m);
    expect(text).toContain('Waiting now: 0 held comments, 1 reported comment.');
    expect(text).toContain('The queue: http://127.0.0.1:4321/moderation/reports');
    expectNothingOfAnyReader(message!.raw);
    expectNothingOfAnyReader(text);
  });

  it('goes at a report of racism; another within the quiet period is counted, and the next mail says so', async () => {
    const smtp = await startSmtp();
    const board = await boardMailingTo(smtp.url);
    const first = await board.comment('open-post', 1);
    const second = await board.comment('open-post', 2);
    await board.report(first.id, 'racism', 1);
    await board.mail.settled();
    expect(smtp.received).toHaveLength(1);
    expect(readable(smtp.received[0]!.raw)).toMatch(/^Subject: .*reported for racism$/m);

    now += 29 * minute;
    await board.report(second.id, 'racism', 2);
    await board.report(second.id, 'abuse', 3);
    await board.mail.settled();
    expect(smtp.received).toHaveLength(1);

    now += 2 * minute;
    await board.report(first.id, 'racism', 4);
    await board.mail.settled();
    expect(smtp.received).toHaveLength(2);
    const text = readable(smtp.received[1]!.raw);
    expect(text).toContain('Waiting now: 0 held comments, 2 reported comments.');
    expect(text).toContain('Since the last mail of this kind: 1 more like it.');
    expectNothingOfAnyReader(text);
  });

  it('goes once as the held comments reach the size, and again only after they went below it', async () => {
    const smtp = await startSmtp();
    const board = await boardMailingTo(smtp.url, { queueSize: 3 });
    const held = [];
    for (const n of [1, 2]) held.push(await board.comment('moderated-post', n));
    await board.mail.settled();
    expect(smtp.received).toEqual([]);
    held.push(await board.comment('moderated-post', 3));
    await board.mail.settled();
    expect(smtp.received).toHaveLength(1);
    const text = readable(smtp.received[0]!.raw);
    expect(text).toMatch(/^Subject: \[127\.0\.0\.1:4321\] 3 comments are waiting for a moderator$/m);
    expect(text).toContain('The queue: http://127.0.0.1:4321/moderation/held');
    expectNothingOfAnyReader(text);

    // Past the quiet period, still at or over the size: nothing new to say.
    now += 31 * minute;
    held.push(await board.comment('moderated-post', 4));
    await board.mail.settled();
    expect(smtp.received).toHaveLength(1);

    // Below it (the writers withdrew two), then at it again; and past it.
    await board.withdraw(held[0]!);
    await board.withdraw(held[1]!);
    await board.comment('moderated-post', 5);
    await board.mail.settled();
    expect(smtp.received).toHaveLength(2);
    expect(readable(smtp.received[1]!.raw)).toContain('Waiting now: 3 held comments');
    await board.comment('moderated-post', 6);
    await board.mail.settled();
    expect(smtp.received).toHaveLength(2);
  });

  it('never keeps the reader waiting for the SMTP server', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const smtp = await startSmtp({ onMailFrom: (_address, _session, callback) => void released.then(() => callback()) });
    const board = await boardMailingTo(smtp.url);
    const { id } = await board.comment('open-post');
    // Answered while the mail is stuck at the server.
    await board.report(id, 'racism', 1);
    expect(smtp.received).toEqual([]);
    release();
    await board.mail.settled();
    expect(smtp.received).toHaveLength(1);
  });

  it.each([
    ['refuses the recipients, quoting them', { onRcptTo: (address: { address: string }, _session: unknown, callback: (error?: Error) => void) => callback(Object.assign(new Error(`No mailbox here for ${address.address}`), { responseCode: 550 })) }],
    ['is not there', undefined],
  ])('an SMTP server that %s fails no reader, and is logged with no address or password', async (_, options) => {
    const smtp = await startSmtp(options as SMTPServerOptions);
    const url = options ? smtp.url : smtp.url.replace(/:\d+$/, ':1');
    const logged: string[] = [];
    const board = await boardMailingTo(url, { queueSize: 1, log: (message) => logged.push(message) });
    const { id } = await board.comment('open-post');
    await board.report(id, 'racism', 1);
    await board.comment('moderated-post', 2);
    await board.mail.settled();
    expect(smtp.received).toEqual([]);
    expect(logged).toHaveLength(2);
    for (const line of logged) {
      expect(line).toMatch(/^Mail to the moderators was not sent \(\w+/);
      for (const secret of [...moderators, 'mods.example', 's3cret', 'board:']) expect(line).not.toContain(secret);
      expectNothingOfAnyReader(line);
    }
    // The board goes on as before.
    await board.report(id, 'spam', 2);
    await board.comment('open-post', 3);
  });
});
