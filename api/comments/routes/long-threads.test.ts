// A long thread on the page without JavaScript: replies beyond the first few folded (a <details>
// that opens without script), and a thread over a page's worth of comments paged, a comment and
// its replies kept together.
import { beforeAll, describe, expect, it } from 'vitest';
import { boardRequests, form, useCommentBoard } from '../../../tests/support/comment-board.ts';
import { importThreads, type ImportedComment } from '../store.ts';
import { commentsPerPage } from '../thread-page.ts';

const clock = Date.UTC(2026, 11, 2, 12);
const board = useCommentBoard('long-threads', () => clock);
const { thread } = boardRequests(board);

const topLevel = commentsPerPage + 40;

beforeAll(async () => {
  const at = (i: number) => Date.UTC(2026, 11, 1, 8) + i * 60_000;
  const row = (id: number, parent: number | null, i: number, text: string): ImportedComment => ({
    id, postId: 'long-post', parent: parent === null ? null : { id: parent }, authorName: null, authorKind: 'anonymous',
    bodySource: text, bodyHtml: `<p>${text}</p>`, status: 'published', removalKeyHash: 'x', createdAt: at(i), updatedAt: at(i),
  });
  const comments = [row(1, null, 0, 'Opening remark'), ...Array.from({ length: 6 }, (_, i) => row(2 + i, 1, 1 + i, `Reply number ${i + 1}`))];
  for (let i = 1; i < topLevel; i++) comments.push(row(100 + i, null, 10 + i, `Remark number ${i + 1}`));
  const { statements } = importThreads([{ postId: 'long-post', comments }]);
  await board.database.db.batch(statements, 'write');
});

const page = async (query = '') => (await board.app.request(`/posts/long-post/comments${query}`)).text();

describe('a long thread without JavaScript', () => {
  it('shows the first replies and folds the rest under "Show N more replies"', async () => {
    const html = await page();
    const folded = /<li class="comment-more"><details><summary>Show 3 more replies<\/summary><ol class="comment-list" role="list">([^]*?)<\/ol><\/details><\/li>/.exec(html);
    expect(folded).not.toBeNull();
    expect(folded![1]).toContain('Reply number 4');
    expect(folded![1]).toContain('Reply number 6');
    expect(folded![1]).not.toContain('Reply number 3');
    expect(html.indexOf('Reply number 3')).toBeLessThan(folded!.index);
  });

  it('pages a thread longer than a page, keeping a comment with its replies', async () => {
    const first = await page();
    const total = (await thread('long-post')).count;
    expect(total).toBe(topLevel + 6);
    expect(first).toContain(`<p class="comment-count">${total} comments</p>`);
    expect(first).toContain('<nav class="pager comment-pages" aria-label="Pages of comments">');
    expect(first).toContain('href="/posts/long-post/comments?page=2"');
    const onFirst = [...first.matchAll(/data-comment-id="(\d+)"/g)].length;
    expect(onFirst).toBeLessThanOrEqual(commentsPerPage);
    const second = await page('?page=2');
    const onSecond = [...second.matchAll(/data-comment-id="(\d+)"/g)].length;
    expect(onFirst + onSecond).toBe(total);
    expect(second).toContain(`Remark number ${topLevel}`);
    expect(second).not.toContain('Opening remark');
    // Asking past the end shows the last page.
    expect(await page('?page=99')).toContain(`Remark number ${topLevel}`);
  });

  it('shows the page that holds the comment being answered', async () => {
    const html = await page(`?reply=${100 + topLevel - 1}`);
    expect(html).toContain(`Remark number ${topLevel}`);
    expect(html).toContain('Reply to comment');
  });

  it('opens the fold that holds a comment just written', async () => {
    const res = await board.app.request('/api/posts/long-post/comments', form({ body: 'A late seventh reply', parentId: '1' }));
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toMatch(/<details open><summary>Show 4 more replies<\/summary>[^]*A late seventh reply[^]*<\/details>/);
  });
});
