// What the moderation app is given by the server, and what each of its route files is given: the
// same, plus what is built once from it (the session lookup, the sign-in check, the page shell).
import type { Context, MiddlewareHandler } from 'hono';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import type { Database } from '../../api/db/database.ts';
import type { WriteQueue } from '../../api/db/write-queue.ts';
import type { PageShell } from '../../api/page-shell.ts';
import type { SourceHasher } from '../../api/privacy/source.ts';
import type { Renderer } from '../../api/comments/submit.ts';
import type { Publishing } from '../../site/lib/build-status.ts';
import { loadSettings } from '../../api/settings.ts';
import type { Account } from '../auth/accounts.ts';
import type { PageContext } from '../pages/frame.ts';
import * as queue from '../queue.ts';
import { liveClaims } from '../claims.ts';
import { undoOffer } from '../undo.ts';
import { sessionReader, signedIn, type SessionOf, type SignedInEnv } from './middleware.ts';
import { errorsByCode, notices } from './respond.ts';

export interface ModerationDeps {
  db: Database;
  writes: WriteQueue;
  posts: readonly PostsManifestEntry[];
  /**
   * This server's own public origin (a URL; only its origin counts): state-changing requests must
   * come from it, cookies are Secure when it is https, and feed addresses are on it.
   */
  boardOrigin: string;
  /** The blog's time zone (BLOG_TIME_ZONE), for every time these pages show. */
  timeZone: string;
  clock: () => number;
  sources: SourceHasher;
  /** The comments' renderer, for a moderator's edit of a comment. */
  renderer: Renderer;
  trustedProxyHeader: string | undefined;
  /** The site's builds, when this server makes them (not with BUILD_ON_START=never). */
  publishing?: Publishing | undefined;
}

/** A status a moderation page may answer with. */
export type PageStatus = 200 | 401 | 403 | 404 | 409 | 410 | 422 | 429;

export interface RouteDeps extends Omit<ModerationDeps, 'posts'> {
  /** Posts and pages by id, for links and titles. */
  posts: ReadonlyMap<string, PostsManifestEntry>;
  /** Whether cookies are Secure (and the session cookie __Host-): the board is on https. */
  secure: boolean;
  sessionOf: SessionOf;
  /** The sign-in check (see middleware.ts), bound to this app's sessions. */
  signedIn: MiddlewareHandler<SignedInEnv>;
  /** An HTML page inside the site's shell. */
  page(c: Context, title: string, main: string | Promise<string>, status?: PageStatus): Promise<Response>;
  /** What the signed-in frame shows: queue counts, the time zone, the last action's outcome (and its Undo). */
  pageContext(c: Context, account: Account): Promise<PageContext>;
}

export function routeDeps(deps: ModerationDeps, shell: PageShell): RouteDeps {
  const { db, clock } = deps;
  const boardOrigin = new URL(deps.boardOrigin).origin;
  const secure = deps.boardOrigin.startsWith('https:');
  const sessionOf = sessionReader(db, clock, secure);
  const posts = new Map(deps.posts.map((post) => [post.id, post]));
  return {
    ...deps,
    boardOrigin,
    posts,
    secure,
    sessionOf,
    signedIn: signedIn(sessionOf),
    page: (c, title, main, status = 200) => Promise.resolve(main).then((body) => c.html(shell.render({ title, main: body }), status)),
    async pageContext(c, account) {
      const settings = await loadSettings(db);
      const notice = c.req.query('done');
      const error = c.req.query('error');
      const undoIds = (c.req.queries('undo') ?? []).slice(0, 200).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
      return {
        account,
        counts: await queue.queueCounts(db, clock(), settings.removedRetentionDays),
        claims: await liveClaims(db, clock()),
        now: clock(),
        responseTargetHours: settings.responseTargetHours,
        retentionDays: settings.removedRetentionDays,
        posts,
        timeZone: deps.timeZone,
        notice: notice ? notices[notice] : undefined,
        error: error ? errorsByCode[error] : undefined,
        undo: await undoOffer(db, undoIds, account.id, clock()),
      };
    },
  };
}
