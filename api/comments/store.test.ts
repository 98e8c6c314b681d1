// The store's statements on a real libSQL file: guards and next statuses taken from the life-cycle
// table, one version bump for every kind of write, and the bulk import.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import { commentStatuses, type CommentStatus } from './types.ts';
import { next } from './life-cycle.ts';
import { bumpVersion, importThreads, moveComment, statusGuard } from './store.ts';

const database = useTempDatabase('store');

const imported = (postId: string, status: CommentStatus, extra: { sourceId?: string; parent?: { sourceId: string } } = {}) => ({
  postId,
  parent: extra.parent ?? null,
  ...(extra.sourceId ? { sourceId: extra.sourceId } : {}),
  authorName: 'Sam',
  authorKind: 'named' as const,
  bodySource: 'text',
  bodyHtml: '<p>text</p>',
  status,
  removalKeyHash: 'a'.repeat(64),
  createdAt: 1,
  updatedAt: 1,
});

async function commentIn(status: CommentStatus): Promise<number> {
  const { statements } = importThreads([{ postId: 'store-moves', comments: [imported('store-moves', status)] }]);
  await database.writes.write(statements);
  return Number((await database.db.execute('SELECT max(id) AS id FROM comments')).rows[0]!['id']);
}

const statusOf = async (id: number) => String((await database.db.execute({ sql: 'SELECT status FROM comments WHERE id = ?', args: [id] })).rows[0]!['status']);

describe('statusGuard', () => {
  it('names the statuses the table lets an action apply to', () => {
    expect(statusGuard('remove', 'moderator')).toBe("status IN ('published', 'hidden')");
    expect(statusGuard('report', 'reader', 'c.status')).toBe("c.status IN ('published', 'hidden')");
    expect(statusGuard('erase', 'retention')).toBe("status IN ('removed_by_moderator', 'rejected')");
  });
});

describe('moveComment', () => {
  it.each([
    ['remove', 'author'],
    ['approve', 'moderator'],
    ['reject', 'moderator'],
    ['remove', 'moderator'],
    ['restore', 'moderator'],
    ['uphold_reports', 'moderator'],
    ['dismiss_reports', 'moderator'],
    ['grant_removal', 'moderator'],
    ['undo_reject', 'moderator'],
    ['undo_remove', 'moderator'],
    ['undo_remove_hidden', 'moderator'],
  ] as const)('%s by %s moves each stored status where the table says, or changes nothing', async (action, actor) => {
    for (const status of commentStatuses) {
      const id = await commentIn(status);
      const [result] = await database.writes.write([moveComment(id, action as never, actor, 2, actor === 'moderator' ? { reason: null } : undefined)]);
      const outcome = next(status, action as never, actor);
      expect([status, result!.rowsAffected, await statusOf(id)]).toEqual([status, 'refused' in outcome ? 0 : 1, 'refused' in outcome ? status : outcome.to]);
    }
  });
});

describe('bumpVersion', () => {
  const version = async (postId: string) => Number((await database.db.execute({ sql: 'SELECT version FROM thread_versions WHERE post_id = ?', args: [postId] })).rows[0]?.['version'] ?? 0);

  it('bumps a post, several posts, a comment’s thread, and only after a change when asked', async () => {
    await database.writes.write([bumpVersion({ postId: 'bump-a' }), bumpVersion({ postIds: ['bump-a', 'bump-b'] })]);
    expect([await version('bump-a'), await version('bump-b')]).toEqual([2, 1]);
    const id = await commentIn('published');
    const before = await version('store-moves');
    await database.writes.write([bumpVersion({ commentId: id }), "UPDATE settings SET value = value WHERE key = 'none'", bumpVersion({ postId: 'bump-a', ifChanged: true })]);
    expect([await version('store-moves'), await version('bump-a')]).toEqual([before + 1, 2]);
  });
});

describe('importThreads', () => {
  it('stores replies under parents found by source id, skips what was imported before, and counts what was added', async () => {
    const threads = [
      { postId: 'import-a', comments: [imported('import-a', 'published', { sourceId: 'x:1' }), imported('import-a', 'published', { sourceId: 'x:2', parent: { sourceId: 'x:1' } })] },
      { postId: 'import-b', comments: [] },
    ];
    const first = importThreads(threads);
    expect(first.added(await database.writes.write(first.statements))).toBe(2);
    const again = importThreads([{ postId: 'import-a', comments: [...threads[0]!.comments, imported('import-a', 'removed_by_author', { sourceId: 'x:3' })] }]);
    expect(again.added(await database.writes.write(again.statements))).toBe(1);
    const rows = await database.db.execute("SELECT source_id, parent_id, (SELECT id FROM comments p WHERE p.source_id = 'x:1') AS first FROM comments WHERE post_id = 'import-a' ORDER BY id");
    expect(rows.rows.map((row) => [row['source_id'], row['parent_id'] === null ? null : row['parent_id'] === row['first']])).toEqual([
      ['x:1', null],
      ['x:2', true],
      ['x:3', null],
    ]);
    // Every thread given is bumped, an empty one too, once per import.
    const versions = await database.db.execute("SELECT post_id, version FROM thread_versions WHERE post_id LIKE 'import-%' ORDER BY post_id");
    expect(versions.rows.map((row) => [row['post_id'], Number(row['version'])])).toEqual([
      ['import-a', 2],
      ['import-b', 1],
    ]);
  });
});
