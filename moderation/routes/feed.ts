// Each moderator's private Atom feed of the queue. Its secret address is the credential, so
// reading it needs no session; making a new address (which stops the old one) and stopping it
// need the moderator signed in, and are recorded in the audit log.
import { Hono } from 'hono';
import { xmlText } from '../../api/comments/feed.ts';
import { ApiError } from '../../api/errors.ts';
import { accountByFeedToken, createFeedToken, revokeFeedToken } from '../auth/accounts.ts';
import * as queue from '../queue.ts';
import type { RouteDeps } from './deps.ts';
import type { SignedInEnv } from './middleware.ts';
import { actorOf, done, wantsJson } from './respond.ts';
import { settingsPageFor } from './settings.ts';

export function feedRoutes(deps: RouteDeps): Hono<SignedInEnv> {
  const { db, writes, clock, posts, boardOrigin, signedIn } = deps;
  const app = new Hono<SignedInEnv>();
  const settingsPage = settingsPageFor(deps);

  app.get('/:token', async (c) => {
    const token = c.req.param('token').replace(/\.atom$/, '');
    const account = await accountByFeedToken(db, token);
    if (!account) throw new ApiError('not_found', 'There is no feed at this address (it may have been replaced or stopped).');
    const items = await queue.queueFeedItems(db);
    const self = `${boardOrigin}/moderation/feed/${token}`;
    const x = xmlText;
    const updated = new Date(items[0]?.at ?? 0).toISOString();
    const entries = items.map((item) => {
      const post = posts.get(item.comment.postId);
      const link = `${boardOrigin}/moderation/${item.kind === 'held' ? 'held' : item.kind === 'report' ? 'reports' : 'removal-requests'}`;
      const title = `${item.summary} — on “${post?.title ?? item.comment.postId}”`;
      return `<entry><id>${x(`${boardOrigin}/moderation/${item.id}`)}</id><title>${x(title)}</title><link rel="alternate" type="text/html" href="${x(link)}"/><updated>${new Date(item.at).toISOString()}</updated><author><name>${x(item.comment.authorName ?? 'Anonymous')}</name></author><content type="html">${x(item.comment.bodyHtml ?? '')}</content></entry>`;
    });
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${x(`${boardOrigin}/moderation/feed`)}</id><title>Moderation queue for ${x(account.name)}</title><link rel="self" href="${x(self)}"/><updated>${updated}</updated>${entries.join('')}</feed>
`;
    return c.body(xml, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  });

  app.post('/', signedIn, async (c) => {
    const token = await createFeedToken(db, c.var.account.id);
    await writes.write([queue.auditStatement(actorOf(c), { action: 'feed.create', targetType: 'account', targetId: c.var.account.id }, clock(), false)]);
    const feedUrl = `${boardOrigin}/moderation/feed/${token}`;
    return wantsJson(c) ? c.json({ feedUrl }, 201) : settingsPage(c, { feedUrl });
  });

  app.post('/revoke', signedIn, async (c) => {
    await revokeFeedToken(db, c.var.account.id);
    await writes.write([queue.auditStatement(actorOf(c), { action: 'feed.revoke', targetType: 'account', targetId: c.var.account.id }, clock(), false)]);
    return done(c, '/moderation/settings', 'feed');
  });

  return app;
}
