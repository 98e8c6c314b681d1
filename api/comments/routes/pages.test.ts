// The thread page for readers without JavaScript, and the answers to its comment form.
import { beforeAll, describe, expect, it } from 'vitest';
import { boardRequests, form, useCommentBoard } from '../../../tests/support/comment-board.ts';

const clock = Date.UTC(2026, 10, 26, 10);
const board = useCommentBoard('pages', () => clock);
const { postComment: post_, thread, rowCount } = boardRequests(board);

// A thread with a named reply (1.1, Jim), as the page shows it.
beforeAll(async () => {
  const parent = (await post_('other-post', { body: 'Parent' })).data['comment'].id;
  await post_('other-post', { body: 'First reply', parentId: parent, name: 'Jim' });
});

describe('without JavaScript', () => {
  it('serves the thread as a page with a comment form', async () => {
    const res = await board.app.request('/posts/other-post/comments');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('Comments on “other-post”');
    expect(html).toMatch(/<li class="depth-1" id="1\.1"><article [^>]*><p class="comment-meta"><a class="comment-number" href="#1\.1" aria-label="Comment 1\.1">1\.1<\/a> <span class="comment-author">Jim<\/span>/);
    expect(html).toContain('action="/api/posts/other-post/comments"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('a form too long to read is answered with the thread page, saying how to get the text back', async () => {
    const before = await rowCount('comments');
    // 2,000 characters of Japanese: under the 8,000-character limit, but 18 KB once form-encoded.
    const res = await board.app.request('/api/posts/other-post/comments', form({ body: 'あ'.repeat(2000) }));
    expect(res.status).toBe(413);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Comments on “other-post”');
    expect(html).toContain('This is too long to send from this page: a form carries at most 16 KiB, about 1,800 characters of Chinese, Japanese or Korean text.');
    expect(html).toContain('Back button to get your text back');
    const report = await board.app.request('/api/comments/1/reports', form({ reason: 'spam', note: 'n'.repeat(17_000) }));
    expect(report.status).toBe(413);
    expect(await report.text()).toContain('<h1>Too long to send</h1>');
    expect(await rowCount('comments')).toBe(before);
  });

  it('posts a form and is answered with the thread itself: the removal key beside the new comment, in no URL', async () => {
    const res = await board.app.request('/api/posts/other-post/comments', form({ body: 'Sent without script', name: '' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('Location')).toBeNull();
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const page = await res.text();
    expect(page).toContain('Your comment is published.');
    const box = /<div class="key-box" id="new-comment-key" data-key-for="(\d+)"[^>]*>[^]*?<code class="removal-key">([A-Za-z0-9_-]{32})<\/code>/.exec(page)!;
    const [, id, key] = box as unknown as [string, string, string];
    // Right after the new comment, inside its item of the list.
    const beside = page.slice(page.lastIndexOf('<li', box.index), box.index);
    expect(beside).toMatch(new RegExp(`^<li class="depth-0" id="\\d+"><article class="comment" id="c${id}"[^]*Sent without script[^]*</article>$`));
    expect(beside.match(/<article/g)).toHaveLength(1);
    // The browser draws nothing before the box has arrived whole: it scrolls to all of it.
    expect(page.slice(0, page.indexOf('</head>'))).toContain('<link rel="expect" href="#new-comment-key-end" blocking="render">');
    expect(page).toMatch(/<span id="new-comment-key-end"><\/span><\/div>/);
    // No link, form or address on the page carries it.
    expect([...page.matchAll(/(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]).join(' ')).not.toContain(key);
    const datetimes = [...page.matchAll(/datetime="([^"]+)"/g)].map((m) => m[1]);
    expect(datetimes.length).toBeGreaterThan(0);
    for (const time of datetimes) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);

    // Everyone else, and the writer coming back, see the comment without its key.
    const later = await (await board.app.request('/posts/other-post/comments')).text();
    expect(later).toContain('Sent without script');
    expect(later).not.toContain(key);
    expect(later).not.toContain('key-box');
    expect(later).not.toContain('rel="expect"');

    const removed = await board.app.request('/api/comments/remove', form({ commentId: id, removalKey: key }));
    expect(removed.status).toBe(303);
    expect(removed.headers.get('Location')).toBe('/posts/other-post/comments?sent=removed');
    expect(await (await board.app.request('/posts/other-post/comments')).text()).not.toContain('Sent without script');
  });

  it('never shows a key that comes in a URL', async () => {
    const page = await (await board.app.request('/posts/other-post/comments?sent=published&key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).text();
    expect(page).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(page).not.toContain('removal-key');
  });

  it('a held comment is shown, waiting, with its key, to its writer only', async () => {
    const res = await board.app.request('/api/posts/moderated-post/comments', form({ body: 'Held by form, about capybaras' }));
    expect(res.status).toBe(202);
    expect(res.headers.get('Location')).toBeNull();
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const page = await res.text();
    const held = /<article class="comment comment-held"[^]*?<\/article><div class="key-box"[^]*?<\/div>/.exec(page)?.[0] ?? '';
    expect(held).toContain('Waiting for a moderator');
    expect(held).toContain('capybaras');
    expect(held.replace(/<[^>]+>/g, '')).toContain('Thank you: your comment is held until a moderator has read it. Only you can see it here, and only until you leave this page.');
    expect(held).toMatch(/<code class="removal-key">[A-Za-z0-9_-]{32}<\/code>/);
    expect(await (await board.app.request('/posts/moderated-post/comments')).text()).not.toContain('capybaras');
    expect(JSON.stringify(await thread('moderated-post'))).not.toContain('capybaras');
  });

  it('a refused form shows the page again with the error and the text kept', async () => {
    const res = await board.app.request('/api/posts/other-post/comments', form({ body: 'My careful words', name: 'Administrator' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('That name is kept for the blog’s staff');
    expect(html).toContain('>My careful words</textarea>');
    expect(html).toContain('aria-invalid="true"');
  });

  it('an unknown post’s thread page is the site’s 404 page', async () => {
    const res = await board.app.request('/posts/no-such-post/comments');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toContain('text/html');
    expect(await res.text()).toContain('Sorry, that page does not exist');
  });

  it('a closed post has no form', async () => {
    const html = await (await board.app.request('/posts/closed-post/comments')).text();
    expect(html).toContain('Comments are closed on this post.');
    expect(html).not.toContain('action="/api/posts/closed-post/comments"');
  });
});
