// The desk through app.request() on a real libSQL file and a real posts folder: editors write,
// schedule, publish, unpublish, restore and remove posts as files; nobody else can, and nothing
// outside the safe subset is ever written.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useModerationBoard } from '../tests/support/moderation-board.ts';
import { expireAutosaves } from './history.ts';

const board = useModerationBoard('desk-routes');
const { jsonPost, form } = board;

/** Every file under the posts folder, with its text. */
async function snapshot(): Promise<Record<string, string>> {
  const files = (await readdir(board.postsDir, { recursive: true }).catch(() => [] as string[])).sort();
  const out: Record<string, string> = {};
  for (const file of files) {
    const text = await readFile(join(board.postsDir, file), 'utf8').catch(() => undefined);
    if (text !== undefined) out[file] = text;
  }
  return out;
}

const newPost = (overrides: Record<string, string> = {}) => ({ title: 'Court duty on a wet Tuesday', labels: 'Volunteers, Courts', body: 'We met at nine.\n\n<PullQuote cite="A volunteer">Nobody changes in an interview room.</PullQuote>\n', action: 'publish', ...overrides });

async function create(fields: Record<string, string>) {
  const res = await board.app.request('/desk/posts', jsonPost(fields, board.editor));
  return { res, json: (await res.json()) as Record<string, unknown> & { id: string; version: string; state: string } };
}

beforeAll(async () => {
  await mkdir(board.postsDir, { recursive: true });
});

describe('who may use the desk', () => {
  it('is for editors: a moderator is told why, a stranger is sent to sign in, a cross-site form changes nothing', async () => {
    const asModerator = await board.app.request('/desk', { headers: board.headers(board.moderator) });
    expect(asModerator.status).toBe(403);
    expect(await asModerator.text()).toContain('only an editor can write and publish');
    expect((await board.app.request('/desk/posts', jsonPost(newPost(), board.moderator))).status).toBe(403);
    const stranger = await board.app.request('/desk/new', { headers: board.headers() });
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get('Location')).toBe('/moderation/login?next=%2Fdesk%2Fnew');
    const crossSite = await board.app.request('/desk/posts', form(newPost(), board.editor, { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://elsewhere.example' }));
    expect(crossSite.status).toBe(403);
    expect(await snapshot()).toEqual({});
  });
});

describe('writing and publishing', () => {
  it('publishes a post as the file a person would write, kept in the history and the audit log', async () => {
    const { res, json } = await create(newPost());
    expect(res.status).toBe(201);
    expect(json).toMatchObject({ id: 'court-duty-on-a-wet-tuesday', state: 'published', url: '/2026/11/court-duty-on-a-wet-tuesday/' });
    const text = await readFile(join(board.postsDir, '2026', 'court-duty-on-a-wet-tuesday.mdx'), 'utf8');
    expect(text).toBe('---\ntitle: "Court duty on a wet Tuesday"\npublished: 2026-11-26T10:00:00Z\nlabels: ["Volunteers", "Courts"]\n---\n\nWe met at nine.\n\n<PullQuote cite="A volunteer">Nobody changes in an interview room.</PullQuote>\n');
    expect((await board.audit('post.publish')).at(-1)).toMatchObject({ account_name: 'Edith Editor', target_id: 'court-duty-on-a-wet-tuesday' });
    const history = (await (await board.app.request('/desk/posts/court-duty-on-a-wet-tuesday/history', { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { versions: { action: string; accountName: string }[] };
    expect(history.versions).toMatchObject([{ action: 'publish', accountName: 'Edith Editor' }]);
    const list = await (await board.app.request('/desk?q=wet', { headers: board.headers(board.editor) })).text();
    expect(list).toContain('Court duty on a wet Tuesday');
    expect(list).toContain('Published');
  });

  it('schedules for a minute on the blog’s clocks, and refuses a time that has passed, naming the field', async () => {
    const { json } = await create(newPost({ title: 'Next week', action: 'schedule', at: '2026-11-26T12:30' }));
    expect(json.state).toBe('scheduled');
    expect(await readFile(join(board.postsDir, '2026', 'next-week.mdx'), 'utf8')).toContain('published: 2026-11-26T12:30:00Z');
    const past = await board.app.request('/desk/posts', jsonPost(newPost({ title: 'Too late', action: 'schedule', at: '2026-11-01T09:00' }), board.editor));
    expect(past.status).toBe(422);
    expect(await past.json()).toMatchObject({ error: { code: 'validation_failed', field: 'at' } });
    const page = await board.app.request('/desk/posts', form(newPost({ title: 'Too late', action: 'schedule', at: '' }), board.editor));
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('choose the date and time to publish at');
    const scheduled = (await (await board.app.request('/desk?state=scheduled', { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { posts: { id: string }[] };
    expect(scheduled.posts.map((p) => p.id)).toEqual(['next-week']);
  });

  it('unpublishes into a draft and publishes again, keeping the id and the address', async () => {
    const { json } = await create(newPost({ title: 'A draft to be', action: 'draft' }));
    expect(json.state).toBe('draft');
    const open = (await (await board.app.request(`/desk/posts/${json.id}`, { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { version: string };
    const published = await board.app.request(`/desk/posts/${json.id}`, jsonPost({ ...newPost({ title: 'A draft no more' }), baseVersion: open.version }, board.editor));
    expect(published.status).toBe(200);
    const after = (await published.json()) as { id: string; version: string; state: string };
    expect(after).toMatchObject({ id: 'a-draft-to-be', state: 'published' });
    const unpublished = await board.app.request(`/desk/posts/${json.id}`, jsonPost({ ...newPost({ title: 'A draft no more', action: 'draft' }), baseVersion: after.version }, board.editor));
    expect(await unpublished.json()).toMatchObject({ state: 'draft' });
    expect(await readFile(join(board.postsDir, '2026', 'a-draft-to-be.mdx'), 'utf8')).toContain('draft: true');
    expect((await board.audit('post.unpublish')).at(-1)).toMatchObject({ target_id: 'a-draft-to-be' });
  });
});

describe('hostile input', () => {
  const refusals: [string, Record<string, string>, string][] = [
    ['an import', { body: "import fs from 'node:fs'\n\nHello" }, 'import and export are not allowed'],
    ['an expression', { body: 'Hello {process.exit(1)}' }, 'expression is not allowed'],
    ['a script element', { body: '<script>alert(1)</script>' }, '<script> is not allowed'],
    ['an event handler', { body: '<b onClick="alert(1)">x</b>' }, 'event handlers (on…) are not allowed'],
    ['a component with an expression', { body: '<PullQuote cite={globalThis.x}>x</PullQuote>' }, 'must be text in quotes'],
    ['a javascript: link', { body: '[x](javascript:alert(1))' }, 'is not allowed: links lead to'],
    ['a picture from another site', { body: '![a tracker](https://tracker.example/p.gif)' }, 'is on another site'],
    ['MDX that does not parse', { body: '<PullQuote>never closed' }, 'not valid MDX'],
    ['a title that is a path', { title: '../../etc/passwd' }, 'cannot look like a file path'],
  ];
  it.each(refusals)('refuses %s with a clear message and writes nothing', async (_, fields, message) => {
    const before = await snapshot();
    const res = await board.app.request('/desk/posts', jsonPost(newPost({ title: 'Hostile', ...fields }), board.editor));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it('names the line and column in the form', async () => {
    const res = await board.app.request('/desk/posts', form(newPost({ body: 'Fine.\n\nStill fine.\n\n<script>x</script>' }), board.editor));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Text, line 5, column 1: &lt;script&gt; is not allowed');
  });

  it('refuses a body over the limit before reading it', async () => {
    const before = await snapshot();
    const res = await board.app.request('/desk/posts', jsonPost(newPost({ body: 'x'.repeat(700 * 1024) }), board.editor));
    expect(res.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });
});

describe('conflicts and hand-written posts', () => {
  it('refuses a save from a stale version, shows the other version, and overwrites nothing', async () => {
    const { json } = await create(newPost({ title: 'Two editors' }));
    const first = await board.app.request(`/desk/posts/${json.id}`, jsonPost({ ...newPost({ title: 'Two editors', body: 'The first editor’s words.' }), baseVersion: json.version }, board.editor));
    expect(first.status).toBe(200);
    const stale = await board.app.request(`/desk/posts/${json.id}`, form({ ...newPost({ title: 'Two editors', body: 'The second editor’s words.' }), baseVersion: json.version }, board.editor));
    expect(stale.status).toBe(409);
    const page = await stale.text();
    expect(page).toContain('Someone else saved this post first');
    expect(page).toContain('The first editor’s words.');
    expect(page).toContain('The second editor’s words.');
    expect(await readFile(join(board.postsDir, '2026', 'two-editors.mdx'), 'utf8')).toContain('The first editor’s words.');
  });

  it('sees a change made on disk as a newer version, and keeps it in the history when it saves over it', async () => {
    const { json } = await create(newPost({ title: 'Edited by hand' }));
    const file = join(board.postsDir, '2026', 'edited-by-hand.mdx');
    await writeFile(file, (await readFile(file, 'utf8')).replace('We met at nine.', 'We met at ten.'));
    expect((await board.app.request(`/desk/posts/${json.id}`, jsonPost({ ...newPost({ title: 'Edited by hand' }), baseVersion: json.version }, board.editor))).status).toBe(409);
    const open = (await (await board.app.request(`/desk/posts/${json.id}`, { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { version: string };
    expect((await board.app.request(`/desk/posts/${json.id}`, jsonPost({ ...newPost({ title: 'Edited by hand', body: 'Rewritten.' }), baseVersion: open.version }, board.editor))).status).toBe(200);
    const history = (await (await board.app.request(`/desk/posts/${json.id}/history`, { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { versions: { id: number; action: string }[] };
    expect(history.versions.map((v) => v.action)).toEqual(['publish', 'on disk', 'publish']);
    const onDisk = (await (await board.app.request(`/desk/posts/${json.id}/history/${history.versions[1]!.id}`, { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { version: { source: string }; diff: string };
    expect(onDisk.version.source).toContain('We met at ten.');
    expect(onDisk.diff).toContain('+Rewritten.');
  });

  it('opens a hand-written post outside the subset read-only, with the reason, and refuses to save it', async () => {
    await mkdir(join(board.postsDir, '2025'), { recursive: true });
    await writeFile(join(board.postsDir, '2025', 'by-hand.mdx'), '---\ntitle: "By hand"\npublished: 2025-03-01T09:00:00Z\n---\n\nimport Chart from "../chart.astro"\n\n<Chart />\n');
    const page = await (await board.app.request('/desk/posts/by-hand', { headers: board.headers(board.editor) })).text();
    expect(page).toContain('will not save it');
    expect(page).toContain('line 6, column 1: import and export are not allowed');
    const open = (await (await board.app.request('/desk/posts/by-hand', { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { version: string };
    const res = await board.app.request('/desk/posts/by-hand', jsonPost({ ...newPost({ title: 'By hand', body: 'Plain now.' }), baseVersion: open.version }, board.editor));
    expect(res.status).toBe(422);
    expect(await readFile(join(board.postsDir, '2025', 'by-hand.mdx'), 'utf8')).toContain('import Chart');
  });
});

describe('history, removal and unsaved work', () => {
  it('restores an earlier version, keeping the replaced one', async () => {
    const { json } = await create(newPost({ title: 'Restorable', body: 'First words.' }));
    const second = (await (await board.app.request(`/desk/posts/${json.id}`, jsonPost({ ...newPost({ title: 'Restorable', body: 'Second words.' }), baseVersion: json.version }, board.editor))).json()) as { version: string };
    const versions = ((await (await board.app.request(`/desk/posts/${json.id}/history`, { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { versions: { id: number }[] }).versions;
    const res = await board.app.request(`/desk/posts/${json.id}/history/${versions.at(-1)!.id}/restore`, jsonPost({ baseVersion: second.version }, board.editor));
    expect(res.status).toBe(200);
    expect(await readFile(join(board.postsDir, '2026', 'restorable.mdx'), 'utf8')).toContain('First words.');
    expect((await board.audit('post.restore')).length).toBe(1);
  });

  it('removes a guest post at its author’s request: the note replaces the text, and every copy of the text is erased', async () => {
    const { json } = await create(newPost({ title: 'A guest writes', author: 'A probation officer', summary: 'What the guest said in short.', body: 'Words only the guest could have written.' }));
    await board.app.request('/desk/autosave', jsonPost({ draftKey: json.id, baseVersion: json.version, ...newPost({ title: 'A guest writes', body: 'Words only the guest could have written, and more.' }) }, board.editor));
    expect((await board.app.request(`/desk/posts/${json.id}/remove`, jsonPost({ baseVersion: json.version }, board.editor))).status).toBe(422);
    const res = await board.app.request(`/desk/posts/${json.id}/remove`, form({ baseVersion: json.version, confirm: 'erase' }, board.editor));
    expect(res.status).toBe(303);
    const text = await readFile(join(board.postsDir, '2026', 'a-guest-writes.mdx'), 'utf8');
    expect(text).toContain('<RemovedAtAuthorsRequest removed="2026-11-26" />');
    expect(text).not.toContain('only the guest');
    expect(text).not.toContain('What the guest said');
    const left = await board.db.execute({ sql: "SELECT COUNT(*) AS n FROM post_versions WHERE source LIKE '%only the guest%' UNION ALL SELECT COUNT(*) FROM post_autosaves WHERE fields LIKE '%only the guest%'", args: [] });
    expect(left.rows.map((row) => Number(row['n']))).toEqual([0, 0]);
    expect((await board.audit('post.remove')).at(-1)).toMatchObject({ target_id: 'a-guest-writes' });
  });

  it('removes an imported post the desk cannot edit (Markdown with Blogger’s HTML) at its author’s request', async () => {
    await mkdir(join(board.postsDir, '2014'), { recursive: true });
    await writeFile(join(board.postsDir, '2014', 'an-old-blogger-post.md'), '---\ntitle: "An old Blogger post"\npublished: 2014-05-01T09:00:00Z\nbloggerPath: "/2014/05/an-old-blogger-post.html"\nbloggerId: "6558632220679596410"\n---\n\n<p>Named <b>the office</b> in <span style="color:red">red</span>.</p>\n');
    const open = (await (await board.app.request('/desk/posts/an-old-blogger-post', { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { version: string; readOnly: string };
    expect(open.readOnly).toContain('Markdown (.md)');
    const res = await board.app.request('/desk/posts/an-old-blogger-post/remove', jsonPost({ baseVersion: open.version, confirm: 'erase' }, board.editor));
    expect(res.status).toBe(200);
    const files = await readdir(join(board.postsDir, '2014'));
    expect(files).toEqual(['an-old-blogger-post.mdx']);
    const text = await readFile(join(board.postsDir, '2014', 'an-old-blogger-post.mdx'), 'utf8');
    expect(text).toContain('bloggerPath: "/2014/05/an-old-blogger-post.html"');
    expect(text).toContain('bloggerId: "6558632220679596410"');
    expect(text).toContain('<RemovedAtAuthorsRequest removed="2026-11-26" />');
    expect(text).not.toContain('the office');
  });

  it('keeps unsaved work for its editor, over the version it started from', async () => {
    const { json } = await create(newPost({ title: 'Half written' }));
    const kept = await board.app.request('/desk/autosave', jsonPost({ draftKey: json.id, baseVersion: json.version, ...newPost({ title: 'Half written', body: 'A sentence not yet saved.' }) }, board.editor));
    expect(kept.status).toBe(200);
    const page = await (await board.app.request(`/desk/posts/${json.id}`, { headers: board.headers(board.editor) })).text();
    expect(page).toContain('Your unsaved changes from');
    expect(page).toContain('A sentence not yet saved.');
    const fresh = await board.app.request('/desk/autosave', jsonPost({ draftKey: 'new-0123456789abcdef', ...newPost({ title: 'Not yet a post', body: 'Typed into a new post.' }) }, board.editor));
    expect(fresh.status).toBe(200);
    expect(await (await board.app.request('/desk/new?draft=new-0123456789abcdef', { headers: board.headers(board.editor) })).text()).toContain('Typed into a new post.');
  });

  it('forgets unsaved work after 30 days', async () => {
    await board.app.request('/desk/autosave', jsonPost({ draftKey: 'new-00000000000000bb', ...newPost({ title: 'Old thought', body: 'A month-old sentence.' }) }, board.editor));
    expect(await expireAutosaves(board.temp.writes, board.clock + 29 * 86_400_000)).toBe(0);
    expect(await expireAutosaves(board.temp.writes, board.clock + 31 * 86_400_000)).toBeGreaterThanOrEqual(1);
    const left = await board.db.execute("SELECT COUNT(*) AS n FROM post_autosaves WHERE fields LIKE '%month-old%'");
    expect(Number(left.rows[0]!['n'])).toBe(0);
  });

  it('previews a body as the site shows it', async () => {
    const res = await board.app.request('/desk/preview', jsonPost(newPost({ title: 'Preview me' }), board.editor));
    const { html } = (await res.json()) as { html: string };
    expect(html).toContain('<h1>Preview me</h1>');
    expect(html).toContain('<figure class="pull-quote"><blockquote>Nobody changes in an interview room.</blockquote><figcaption>— A volunteer</figcaption></figure>');
  });
});

describe('the pages around a post', () => {
  it('shows the history, one version against the post now, the removal’s confirmation, and the build status', async () => {
    const { json } = await create(newPost({ title: 'Pages around', body: 'The first text.' }));
    await board.app.request(`/desk/posts/${json.id}`, jsonPost({ ...newPost({ title: 'Pages around', body: 'The second text.' }), baseVersion: json.version }, board.editor));
    const history = await (await board.app.request(`/desk/posts/${json.id}/history`, { headers: board.headers(board.editor) })).text();
    const first = /href="\/desk\/posts\/pages-around\/history\/(\d+)"/g;
    const ids = [...history.matchAll(first)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    const version = await (await board.app.request(`/desk/posts/${json.id}/history/${ids.at(-1)}`, { headers: board.headers(board.editor) })).text();
    expect(version).toContain('-The first text.');
    expect(version).toContain('+The second text.');
    expect(version).toContain('Restore this version');
    expect((await board.app.request(`/desk/posts/${json.id}/history/999999`, { headers: board.headers(board.editor, { Accept: 'application/json' }) })).status).toBe(404);
    const remove = await (await board.app.request(`/desk/posts/${json.id}/remove`, { headers: board.headers(board.editor) })).text();
    expect(remove).toContain('erased for good');
    const status = (await (await board.app.request(`/desk/status?post=${json.id}&saved=0`, { headers: board.headers(board.editor) })).json()) as { build: unknown; post: { state: string; live: boolean } };
    // This app builds nothing (no publishing): the post is saved, not live.
    expect(status).toMatchObject({ build: null, post: { state: 'published', live: false } });
    const editor = await (await board.app.request(`/desk/posts/${json.id}`, { headers: board.headers(board.editor) })).text();
    expect(editor).toContain('does not build the site');
    expect((await board.app.request('/desk/posts/no-such-post', { headers: board.headers(board.editor, { Accept: 'application/json' }) })).status).toBe(404);
  });

  it('drops unsaved work when asked, and pages the list', async () => {
    await board.app.request('/desk/autosave', jsonPost({ draftKey: 'new-00000000000000aa', ...newPost({ title: 'Never mind', body: 'Words to drop.' }) }, board.editor));
    // A link (a GET, which another site can make the browser follow) drops nothing.
    await board.app.request('/desk/new?draft=new-00000000000000aa&discard=new-00000000000000aa', { headers: board.headers(board.editor) });
    expect(await (await board.app.request('/desk/new?draft=new-00000000000000aa', { headers: board.headers(board.editor) })).text()).toContain('Words to drop.');
    expect((await board.app.request('/desk/discard', form({ draftKey: 'new-00000000000000aa' }, board.editor, { 'Sec-Fetch-Site': 'cross-site' }))).status).toBe(403);
    const dropped = await board.app.request('/desk/discard', form({ draftKey: 'new-00000000000000aa' }, board.editor));
    expect(dropped.status).toBe(303);
    expect(await (await board.app.request('/desk/new?draft=new-00000000000000aa', { headers: board.headers(board.editor) })).text()).not.toContain('Words to drop.');
    const list = (await (await board.app.request('/desk?page=99&label=Courts', { headers: board.headers(board.editor, { Accept: 'application/json' }) })).json()) as { page: number; pages: number; total: number };
    expect(list.page).toBe(list.pages);
    expect(list.total).toBeGreaterThan(0);
    const html = await (await board.app.request('/desk?state=draft', { headers: board.headers(board.editor) })).text();
    expect(html).toContain('Draft');
    expect((await board.app.request('/desk/preview', jsonPost({ title: 'x', body: '<script>x</script>' }, board.editor))).status).toBe(200);
    const preview = await board.app.request('/desk/posts', form(newPost({ action: 'preview' }), board.editor));
    expect(await preview.text()).toContain('<figure class="pull-quote">');
  });
});

