// The rooms of the project keep to their rules: each imports only the rooms it may, only the
// comment store writes the comment tables, only entry points read the environment, and no source
// file grows past 300 lines. The checker (tests/support/boundaries.ts) parses every source file's
// imports with TypeScript; the second half shows it failing on small files that break each rule.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, longFiles, projectSources, rules, violations, type Rule, type SourceFile } from './support/boundaries.ts';

const files = projectSources(join(import.meta.dirname, '..'));

describe('the project', () => {
  it('is read whole: every room, .astro pages and scripts among them', () => {
    const paths = new Set(files.map((f) => f.path));
    for (const path of ['server/main.ts', 'site/scripts/comments.ts', 'site/layouts/BaseLayout.astro', 'api/comments/thread.ts', 'moderation/queue.ts', 'astro.config.mjs']) expect(paths).toContain(path);
    expect(importsOf(files.find((f) => f.path === 'site/layouts/BaseLayout.astro')!).length).toBeGreaterThan(0);
  });

  it.each(Object.keys(rules) as Rule[])('keeps the rule on %s', (rule) => {
    expect(violations(rule, files)).toEqual([]);
  });

  it('lets only the listed generators grow long, each with its reason', () => {
    for (const [path, reason] of Object.entries(longFiles)) {
      expect(files.map((f) => f.path)).toContain(path);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});

const file = (path: string, text: string): SourceFile => ({ path, text });

describe('the checker', () => {
  it.each<[string, Rule, SourceFile, string[]]>([
    ['site/ importing the board', 'imports', file('site/lib/x.ts', "import type { StoredComment } from '../../api/comments/types.ts';"), ['site/lib/x.ts imports api/comments/types.ts (site/ may import site/)']],
    ['a page importing the server from its frontmatter', 'imports', file('site/pages/x.astro', "---\nimport { createApp } from '../../server/app.ts';\n---\n<p>It's here</p>"), ['site/pages/x.astro imports server/app.ts (site/ may import site/)']],
    ['a page script importing the board', 'imports', file('site/components/X.astro', "<p>Hi</p>\n<script>\n  import { reportReasons } from '../../api/comments/types.ts';\n</script>"), ['site/components/X.astro imports api/comments/types.ts (site/ may import site/)']],
    ['the board importing moderation, by re-export', 'imports', file('api/comments/x.ts', "export { decideComment } from '../../moderation/queue.ts';"), ['api/comments/x.ts imports moderation/queue.ts (api/ may import api/, site/lib/)']],
    ['the board importing the composition, dynamically', 'imports', file('api/x.ts', "const app = await import('../server/app.ts');"), ['api/x.ts imports server/app.ts (api/ may import api/, site/lib/)']],
    ['the board importing a page component', 'imports', file('api/x.ts', "import Layout from '../site/layouts/BaseLayout.astro';"), ['api/x.ts imports site/layouts/BaseLayout.astro (api/ may import api/, site/lib/)']],
    ['moderation importing the composition', 'imports', file('moderation/x.ts', "import { createApp } from '../server/app.ts';"), ['moderation/x.ts imports server/app.ts (moderation/ may import moderation/, api/, site/lib/)']],
    ['the build importing the board', 'imports', file('build/x.ts', "import { openDatabase } from '../api/db/database.ts';"), ['build/x.ts imports api/db/database.ts (build/ may import build/, site/)']],
    ['the build importing the composition', 'imports', file('build/x.ts', "import { staticHeaders } from '../server/static.ts';"), ['build/x.ts imports server/static.ts (build/ may import build/, site/)']],
    ['the importer importing moderation', 'imports', file('import/blogger/x.ts', "import { decideComment } from '../../moderation/queue.ts';"), ['import/blogger/x.ts imports moderation/queue.ts (import/ may import import/, api/, site/lib/, desk/images.ts)']],
    ['the importer importing the desk beyond its image store', 'imports', file('import/blogger/x.ts', "import { deskRoutes } from '../../desk/routes.ts';"), ['import/blogger/x.ts imports desk/routes.ts (import/ may import import/, api/, site/lib/, desk/images.ts)']],
    ['the composition importing a tool', 'imports', file('server/x.ts', "import { main } from '../tools/backup.ts';"), ['server/x.ts imports tools/backup.ts (server/ may import server/, api/, moderation/, desk/, build/, import/, site/)']],
    ['moderation approving with its own UPDATE', 'comment tables', file('moderation/x.ts', "await db.execute({ sql: \"UPDATE comments SET status = 'published' WHERE id = ?\", args: [id] });"), ['moderation/x.ts:1 writes comments ("UPDATE comments"): only the comment store (api/comments/store.ts or api/comments/store/) may']],
    ['the importer inserting comments', 'comment tables', file('import/blogger/x.ts', "const sql = `\n  INSERT INTO comments (post_id) VALUES (?)`;"), ['import/blogger/x.ts:2 writes comments ("INSERT INTO comments"): only the comment store (api/comments/store.ts or api/comments/store/) may']],
    ['a version bump outside the store', 'comment tables', file('api/comments/x.ts', "'INSERT OR IGNORE INTO thread_versions (post_id, version) VALUES (?, 0)'"), ['api/comments/x.ts:1 writes thread_versions ("INSERT OR IGNORE INTO thread_versions"): only the comment store (api/comments/store.ts or api/comments/store/) may']],
    ['erasure deleting reports', 'comment tables', file('api/privacy/x.ts', "'DELETE FROM reports WHERE created_at < ?'"), ['api/privacy/x.ts:1 writes reports ("DELETE FROM reports"): only the comment store (api/comments/store.ts or api/comments/store/) may']],
    ['a bench seeding removal requests', 'comment tables', file('bench/seed.ts', "'INSERT INTO removal_requests (comment_id) VALUES (?)'"), ['bench/seed.ts:1 writes removal_requests ("INSERT INTO removal_requests"): only the comment store (api/comments/store.ts or api/comments/store/) may']],
    ['a module reading the environment', 'environment', file('site/config.ts', "export const timeZone = process.env['BLOG_TIME_ZONE'] ?? 'Europe/London';"), ['site/config.ts reads process.env: only entry points (server/main.ts, tools/, bench/, astro.config.mjs) may']],
    ['a module taking env from process', 'environment', file('api/x.ts', 'const { env } = process;'), ['api/x.ts reads process.env: only entry points (server/main.ts, tools/, bench/, astro.config.mjs) may']],
    ['a page reading the environment', 'environment', file('site/pages/x.astro', "---\nconst url = process.env.SITE_URL;\n---\n<p>{url}</p>"), ['site/pages/x.astro reads process.env: only entry points (server/main.ts, tools/, bench/, astro.config.mjs) may']],
    ['a long file', 'length', file('api/x.ts', 'const a = 1;\n'.repeat(301)), ['api/x.ts has 301 lines (at most 300)']],
    ['a long bench that is not a listed generator', 'length', file('bench/api.ts', '\n'.repeat(400)), ['bench/api.ts has 400 lines (at most 300)']],
  ])('fails on %s', (_, rule, broken, expected) => {
    expect(violations(rule, [broken])).toEqual(expected);
  });

  it.each<[string, Rule, SourceFile]>([
    ['site/ importing site/ and packages', 'imports', file('site/scripts/x.ts', "import DOMPurify from 'dompurify';\nimport { h } from './dom.ts';\nimport { getCollection } from 'astro:content';")],
    ['the board importing the site’s contract', 'imports', file('api/comments/x.ts', "import { escapeHtml } from '../../site/lib/html.ts';")],
    ['the composition importing every room', 'imports', file('server/x.ts', "import '../api/a.ts';\nimport '../moderation/b.ts';\nimport '../build/c.ts';\nimport '../import/blogger/d.ts';\nimport '../site/lib/e.ts';")],
    ['a test importing anything', 'imports', file('site/lib/x.test.ts', "import { createApp } from '../../server/app.ts';")],
    ['tools importing anything', 'imports', file('tools/x.ts', "import { createApp } from '../server/app.ts';")],
    ['the comment store writing its tables', 'comment tables', file('api/comments/store.ts', "'UPDATE comments SET status = ?'; 'INSERT INTO thread_versions'")],
    ['a store folder writing its tables', 'comment tables', file('api/comments/store/reports.ts', "'INSERT INTO reports (comment_id) VALUES (?)'")],
    ['a migration creating them', 'comment tables', file('api/db/migrations/001.ts', "'INSERT INTO comments SELECT * FROM old_comments'")],
    ['a test writing them', 'comment tables', file('moderation/queue.test.ts', "'UPDATE comments SET created_at = 0'")],
    ['another table', 'comment tables', file('api/comments/limits.ts', "'INSERT INTO rate_limits (key) VALUES (?)'; 'UPDATE settings SET value = ?'; 'SELECT * FROM comments'")],
    ['the entry point reading the environment', 'environment', file('server/main.ts', 'const port = process.env.PORT;')],
    ['a tool reading it', 'environment', file('tools/backup.ts', "const url = process.env['DATABASE_URL'];")],
    ['a comment naming it', 'environment', file('api/x.ts', "// Read from process.env by server/main.ts.\nconst note = 'process.env';")],
    ['a listed generator', 'length', file('bench/synthetic-blogger.ts', '\n'.repeat(900))],
    ['a file of 300 lines', 'length', file('api/x.ts', 'const a = 1;\n'.repeat(300))],
    ['a long test', 'length', file('api/x.test.ts', '\n'.repeat(900))],
  ])('allows %s', (_, rule, fine) => {
    expect(violations(rule, [fine])).toEqual([]);
  });
});
