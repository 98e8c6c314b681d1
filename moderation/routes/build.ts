// The site's builds, for staff: how the last one went and what is served (JSON, which the desk
// shows), and, for editors, asking for one now. The server builds by itself on a change and at a
// scheduled post's time; asking is for what it cannot see (e.g. content changed on a mounted disk).
import { Hono } from 'hono';
import { ApiError } from '../../api/errors.ts';
import type { RouteDeps } from './deps.ts';
import { editorOnly, type SignedInEnv } from './middleware.ts';
import { done } from './respond.ts';

export function buildRoutes(deps: RouteDeps): Hono<SignedInEnv> {
  const { publishing, signedIn } = deps;
  const app = new Hono<SignedInEnv>();

  app.get('/', signedIn, (c) => c.json(publishing ? publishing.status() : { state: 'off', queued: false, why: 'This server does not build the site (BUILD_ON_START=never).' }));

  app.post('/', signedIn, editorOnly, (c) => {
    if (!publishing) throw new ApiError('builds_off', 'This server does not build the site (BUILD_ON_START=never): run npm run build, or restart it without BUILD_ON_START=never.');
    publishing.request(`asked for by ${c.var.account.name}`);
    return done(c, '/moderation/settings', 'build', { status: publishing.status() });
  });

  return app;
}
