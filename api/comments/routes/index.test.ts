// The route table in index.ts is the board's routes, no more and no fewer, as the app mounts them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useCommentBoard } from '../../../tests/support/comment-board.ts';
import { routeTable } from './index.ts';

const board = useCommentBoard('route-table', () => Date.UTC(2026, 10, 26, 10));

describe('the route table', () => {
  it('lists every route the board mounts under /api, /posts, /reports and /follow, each once', () => {
    // Middleware (method ALL) and the composition's own routes (the /api catch-all, the /reports/ redirect) are not the board's.
    const composition = new Set(['GET /reports/']);
    const mounted = new Set(
      board.app.routes
        .filter((route) => route.method !== 'ALL' && /^\/(api|posts|reports|follow)(\/|$)/.test(route.path))
        .map((route) => `${route.method} ${route.path}`)
        .filter((route) => !composition.has(route)),
    );
    const listed = routeTable.map((route) => `${route.method} ${route.path}`);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...mounted].sort()).toEqual([...listed].sort());
  });

  it.each(routeTable.map((route) => [`${route.method} ${route.path}`, route] as const))('%s is defined in the file it names', async (_, route) => {
    const source = await readFile(new URL(`./${route.file}.ts`, import.meta.url), 'utf8');
    // Its path below the mount point (/api, /posts, /reports, /follow), as the file registers it.
    const below = route.path.replace(/^\/(api|posts|reports|follow)/, '') || '/';
    expect(source).toContain(`.${route.method.toLowerCase()}('${below}'`);
  });
});
