// The route table at the top of index.ts is the one place a reader learns who may use what: this
// holds it to the app itself, route by route and tier by tier (the tier read from the middleware
// each route really runs), so a route added, moved or left unguarded fails here.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createSourceHasher } from '../../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../../api/render/pool.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';

const temp = useTempDatabase('moderation-route-table');
let pool: RenderPool;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  pool = createRenderPool({ size: 1 });
  app = createApp({
    distDir: temp.dir,
    pagesOrigin: 'http://127.0.0.1:4321',
    posts: [],
    comments: { db: temp.db, writes: temp.writes, renderer: pool, sources: createSourceHasher(() => 0), clock: () => 0, formSecret: 'secret', limits: false, trustedProxyHeader: undefined },
  });
});

afterAll(async () => {
  await pool?.close();
});

const tiers = { Anyone: 'anyone', 'Signed-in moderator': 'moderator', 'Editor only': 'editor' } as const;

/** "tier METHOD /moderation/path" for each route the comment at the top of index.ts lists. */
function documentedRoutes(): string[] {
  const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
  const routes: string[] = [];
  let tier: string | undefined;
  for (const line of source.split('\n')) {
    if (!line.startsWith('//')) continue;
    const heading = Object.entries(tiers).find(([name]) => line.startsWith(`// ${name}`));
    if (heading) tier = heading[1];
    const route = /^\/\/\s+(GET|POST)\s+(\S+)/.exec(line);
    if (!route || !tier) continue;
    const [, method, path] = route as unknown as [string, string, string];
    // `/comments/:id/approve|reject` is one route per word after the last slash.
    const cut = path.lastIndexOf('/');
    for (const last of path.slice(cut + 1).split('|')) routes.push(`${tier} ${method} ${`/moderation${path.slice(0, cut + 1)}${last}`.replace(/\/$/, '')}`);
  }
  return routes.sort();
}

/** The same, read from the app: a route's tier is the guard middleware it runs. */
function actualRoutes(): string[] {
  const handlers = new Map<string, string[]>();
  for (const route of app.routes) {
    if (!route.path.startsWith('/moderation') || route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    handlers.set(key, [...(handlers.get(key) ?? []), route.handler.name]);
  }
  return [...handlers].map(([key, names]) => `${names.includes('editorOnly') ? 'editor' : names.includes('signedIn') ? 'moderator' : 'anyone'} ${key}`).sort();
}

describe('the route table', () => {
  it('lists every moderation route, each under the tier its middleware enforces', () => {
    const documented = documentedRoutes();
    expect(documented.length).toBeGreaterThan(30);
    expect(actualRoutes()).toEqual(documented);
  });

  it('checks the session before an editor’s role, and sends every route through no-store and the same-origin check', () => {
    for (const route of new Set(app.routes.map((r) => `${r.method} ${r.path}`))) {
      const names = app.routes.filter((r) => `${r.method} ${r.path}` === route).map((r) => r.handler.name);
      if (names.includes('editorOnly')) expect(names.slice(0, names.indexOf('editorOnly')), route).toContain('signedIn');
    }
    const everywhere = app.routes.filter((r) => r.method === 'ALL' && r.path === '/moderation/*').map((r) => r.handler.name);
    expect(everywhere).toEqual(['noStore', 'sameOriginOnly']);
  });
});
