// The private queue feed through app.request() on a real libSQL file: made, read by its secret address, replaced.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { expectPrivateAudit, useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-feed');
const { jsonPost } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
let moderator: string;
beforeAll(() => {
  ({ app, db, moderator } = board);
});

describe('the private feed', () => {
  it('gives each moderator a private queue feed that can be replaced and stopped', async () => {
    const made = await app.request('/moderation/feed', jsonPost({}, moderator));
    const { feedUrl } = (await made.json()) as { feedUrl: string };
    const path = new URL(feedUrl).pathname;
    const feed = await app.request(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('Content-Type')).toContain('application/atom+xml');
    expect(await feed.text()).toContain('<feed');
    await app.request('/moderation/feed', jsonPost({}, moderator));
    expect((await app.request(path)).status).toBe(404);
  });
});

describe('privacy of the record', () => {
  it('the audit log never holds a reader address or key', async () => {
    await expectPrivateAudit(db);
  });
});
