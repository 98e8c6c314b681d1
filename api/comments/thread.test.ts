import { describe, expect, it } from 'vitest';
import { buildThread } from './thread.ts';
import type { CommentStatus, StoredComment } from './types.ts';

let clock = 0;
function c(id: number, parentId: number | null, status: CommentStatus = 'published', extra: Partial<StoredComment> = {}): StoredComment {
  clock += 60_000;
  return { id, postId: 'p', parentId, authorName: null, authorKind: 'anonymous', bodyHtml: `<p>${id}</p>`, status, createdAt: clock, editedAt: null, redactedAt: null, ...extra };
}

describe('buildThread', () => {
  it('orders parents before replies, oldest first, and numbers them', () => {
    const rows = [c(1, null), c(2, null), c(3, 1), c(4, 2), c(5, 1), c(6, 3)];
    expect(buildThread(rows, { maxDepth: 4, timeZone: 'Europe/London' }).map((x) => [x.id, x.number, x.depth])).toEqual([
      [1, '1', 0],
      [3, '1.1', 1],
      [6, '1.1.1', 2],
      [5, '1.2', 1],
      [2, '2', 0],
      [4, '2.1', 1],
    ]);
  });

  it('orders by time, not by id or input order', () => {
    const late = c(1, null);
    const early = { ...c(2, null), createdAt: 0 };
    expect(buildThread([late, early], { maxDepth: 4, timeZone: 'Europe/London' }).map((x) => x.id)).toEqual([2, 1]);
  });

  it.each<[CommentStatus, boolean]>([
    ['published', true],
    ['hidden', true],
    ['removed_by_author', true],
    ['removed_by_moderator', true],
    ['pending', false],
    ['rejected', false],
  ])('a %s comment is in the thread: %s', (status, shown) => {
    const thread = buildThread([c(1, null, status), c(2, null)], { maxDepth: 4, timeZone: 'Europe/London' });
    expect(thread.some((x) => x.id === 1)).toBe(shown);
    expect(thread.find((x) => x.id === 2)?.number).toBe(shown ? '2' : '1');
  });

  it('keeps placeholders in place without name or text, so replies keep their context', () => {
    const thread = buildThread([c(1, null, 'removed_by_author', { authorName: 'Jim' }), c(2, 1)], { maxDepth: 4, timeZone: 'Europe/London' });
    expect(thread[0]).toEqual({ id: 1, parentId: null, depth: 0, number: '1', author: null, html: null, createdAt: expect.any(String), localTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/), status: 'removed_by_author' });
    expect(thread[1]?.number).toBe('1.1');
  });

  it('names anonymous, named and staff authors', () => {
    const thread = buildThread([c(1, null), c(2, null, 'published', { authorName: 'Jim', authorKind: 'named' }), c(3, null, 'published', { authorName: 'Editor', authorKind: 'staff' })], { maxDepth: 4, timeZone: 'Europe/London' });
    expect(thread.map((x) => x.author)).toEqual([
      { name: 'Anonymous', kind: 'anonymous' },
      { name: 'Jim', kind: 'named' },
      { name: 'Editor', kind: 'staff' },
    ]);
  });

  it('caps the display depth but keeps the full number', () => {
    const rows = [c(1, null), c(2, 1), c(3, 2), c(4, 3)];
    expect(buildThread(rows, { maxDepth: 2, timeZone: 'Europe/London' }).map((x) => [x.number, x.depth])).toEqual([
      ['1', 0],
      ['1.1', 1],
      ['1.1.1', 2],
      ['1.1.1.1', 2],
    ]);
  });

  it('puts a reply whose parent is not shown at the top level', () => {
    const thread = buildThread([c(1, null, 'rejected'), c(2, 1)], { maxDepth: 4, timeZone: 'Europe/London' });
    expect(thread.map((x) => [x.id, x.number])).toEqual([[2, '1']]);
  });

  it('publishes times to the minute, even of a row stored to the millisecond', () => {
    const thread = buildThread([c(1, null, 'published', { createdAt: Date.UTC(2026, 10, 26, 10, 17, 42, 512) })], { maxDepth: 4, timeZone: 'Europe/London' });
    expect(thread[0]?.createdAt).toBe('2026-11-26T10:17:00Z');
  });

  it('orders the comments of one minute by id', () => {
    const minute = Date.UTC(2026, 10, 26, 10, 17);
    const rows = [c(3, null, 'published', { createdAt: minute }), c(2, null, 'published', { createdAt: minute }), c(4, 2, 'published', { createdAt: minute }), c(5, 2, 'published', { createdAt: minute })];
    expect(buildThread(rows, { maxDepth: 4, timeZone: 'Europe/London' }).map((x) => [x.id, x.number])).toEqual([
      [2, '1'],
      [4, '1.1'],
      [5, '1.2'],
      [3, '2'],
    ]);
  });

  it('is empty for no comments', () => expect(buildThread([], { maxDepth: 4, timeZone: 'Europe/London' })).toEqual([]));
});

describe('local times', () => {
  it('gives each comment its minute on the blog’s clocks, summer time included', () => {
    const rows = [c(1, null, 'published', { createdAt: Date.UTC(2026, 6, 1, 9, 25, 40) }), c(2, null, 'published', { createdAt: Date.UTC(2026, 11, 1, 23, 59) })];
    expect(buildThread(rows, { maxDepth: 4, timeZone: 'Europe/London' }).map((x) => x.localTime)).toEqual(['2026-07-01T10:25', '2026-12-01T23:59']);
    expect(buildThread(rows, { maxDepth: 4, timeZone: 'Asia/Tokyo' }).map((x) => x.localTime)).toEqual(['2026-07-01T18:25', '2026-12-02T08:59']);
  });
});
