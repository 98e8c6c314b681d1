// Sources, for any signed-in moderator: hold or refuse everything new from one source until the
// day ends, or stop. A source is named by the day's tag the queue shows, and by nothing else; each
// action is on record (how many queue items had come from it, never the tag).
import { Hono } from 'hono';
import { ApiError } from '../../api/errors.ts';
import { parseSourceTag } from '../../api/privacy/source-tag.ts';
import { readFields } from '../../api/request-body.ts';
import { actOnSource } from '../sources.ts';
import type { RouteDeps } from './deps.ts';
import type { SignedInEnv } from './middleware.ts';
import { actorOf, done, refused, safeBack } from './respond.ts';

export const sourceActions = ['hold', 'refuse', 'lift'] as const;

export function sourceRoutes(deps: RouteDeps): Hono<SignedInEnv> {
  const { db, writes, clock, signedIn } = deps;
  const app = new Hono<SignedInEnv>();

  for (const action of sourceActions) {
    app.post(`/:tag/${action}`, signedIn, async (c) => {
      const fields = await readFields(c);
      const tag = parseSourceTag(c.req.param('tag'));
      const back = safeBack(fields['back'], tag ? `/moderation/held?source=${tag}` : '/moderation');
      try {
        if (!tag) throw new ApiError('not_found', 'There is no such source.');
        const result = await actOnSource(db, writes, { tag, action, actor: actorOf(c), now: clock() });
        return done(c, back, `source-${action}`, result);
      } catch (error) {
        return refused(c, back, error);
      }
    });
  }

  return app;
}
