// The moderation app, mounted by the server at /moderation: one route file per resource, mounted
// here with app.route(). Pages are HTML that works without JavaScript; every action also answers
// JSON when asked. Nothing is cached or indexed, and nothing cross-site changes anything.
//
// Every route, by who may use it (paths under /moderation; index.test.ts holds this to the app):
//
// Anyone
//   GET  /assets/keys.js                                the keyboard shortcuts script   index.ts
//   GET  /login                                         the sign-in form                session.ts
//   POST /login                                         sign in (limited)               session.ts
//   POST /logout                                        sign out                        session.ts
//   GET  /me                                            who is signed in, as JSON       session.ts
//   GET  /setup/:token                                  the first editor's form         session.ts
//   POST /setup/:token                                  create the first editor         session.ts
//   GET  /feed/:token                                   a private queue feed            feed.ts
// Signed-in moderator (signedIn)
//   GET  /                                              the overview                    queue.ts
//   GET  /held                                          held comments, or a source's    queue.ts
//   GET  /reports                                       reports, or a source's          queue.ts
//   GET  /removal-requests                              removal requests                queue.ts
//   GET  /removed                                       removed comments, restorable    queue.ts
//   GET  /audit                                         the audit log                   queue.ts
//   POST /comments/bulk                                 approve or reject several       queue.ts
//   POST /comments/:id/approve|reject|remove|restore    decide on a comment             queue.ts
//   GET  /comments/:id/edit                             edit a held or reported comment redact.ts
//   POST /comments/:id/edit                             save the edit (and approve)     redact.ts
//   POST /reports/:id/uphold|dismiss                    decide on its reports           queue.ts
//   POST /removal-requests/:id/grant|decline            decide on a removal request     queue.ts
//   POST /undo                                          undo one's own decision (5 min) queue.ts
//   POST /claims                                        "I'm on it": claim an item      queue.ts
//   POST /claims/release                                let one's claim go              queue.ts
//   POST /sources/:tag/hold|refuse|lift                 hold, refuse or lift a source   sources.ts
//   GET  /settings                                      the settings (and the Test box) settings.ts
//   GET  /settings/words.csv                            the word lists as CSV           settings.ts
//   POST /feed                                          a new feed address              feed.ts
//   POST /feed/revoke                                   stop the feed                   feed.ts
//   GET  /build                                         the site's build status (JSON)  build.ts
// Editor only (signedIn, editorOnly)
//   POST /settings                                      change the settings             settings.ts
//   POST /settings/words                                import word lists (CSV)         settings.ts
//   GET  /accounts                                      the accounts                    accounts.ts
//   POST /accounts                                      add an account                  accounts.ts
//   POST /accounts/:id/role                             change its role                 accounts.ts
//   POST /accounts/:id/password                         set its password                accounts.ts
//   POST /accounts/:id/remove                           remove it                       accounts.ts
//   POST /build                                         build the site now              build.ts
import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import type { PageShell } from '../../api/page-shell.ts';
import type { Account } from '../auth/accounts.ts';
import { accountRoutes } from './accounts.ts';
import { routeDeps, type ModerationDeps, type RouteDeps } from './deps.ts';
import { buildRoutes } from './build.ts';
import { feedRoutes } from './feed.ts';
import { noStore, sameOrigin, sameOriginOnly, type SignedInEnv } from './middleware.ts';
import { queueRoutes } from './queue.ts';
import { redactRoutes } from './redact.ts';
import { sessionRoutes } from './session.ts';
import { sourceRoutes } from './sources.ts';
import { settingsRoutes } from './settings.ts';

export type { ModerationDeps } from './deps.ts';

/** The signed-in staff member of a request, if any (used by the comment API for staff comments). */
export type StaffOf = (c: Context) => Promise<Account | undefined>;

const keysScript = readFileSync(new URL('../client/keys.js', import.meta.url), 'utf8');

export function moderationRoutes(moderationDeps: ModerationDeps, shell: PageShell): { app: Hono<SignedInEnv>; staffOf: StaffOf; deps: RouteDeps } {
  const deps = routeDeps(moderationDeps, shell);
  const app = new Hono<SignedInEnv>();

  app.use(noStore);
  app.use(sameOriginOnly(deps.boardOrigin));

  app.get('/assets/keys.js', (c) => c.body(keysScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.route('/', sessionRoutes(deps));
  app.route('/', queueRoutes(deps));
  app.route('/', redactRoutes(deps));
  app.route('/sources', sourceRoutes(deps));
  app.route('/settings', settingsRoutes(deps));
  app.route('/feed', feedRoutes(deps));
  app.route('/accounts', accountRoutes(deps));
  app.route('/build', buildRoutes(deps));

  // Staff comment under their account only from this site: a cross-site request carrying the
  // cookie comments as nobody in particular (and the comment API refuses it anyway).
  const staffOf: StaffOf = async (c) => (sameOrigin(c, deps.boardOrigin) ? (await deps.sessionOf(c))?.account : undefined);

  return { app, staffOf, deps };
}
