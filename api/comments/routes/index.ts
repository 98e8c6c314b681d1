// The public comment board's routes: one file per resource, mounted here, and the whole route
// table on one screen by who may use each route. server/app.ts mounts `api` at /api (behind the
// same-origin check for anything that changes state), `pages` at /posts, `reports` at /reports and
// `follow` at /follow.
import { Hono } from 'hono';
import type { PageShell } from '../../page-shell.ts';
import { createBoard, type CommentDeps } from './board.ts';
import { followPages, followRoutes } from './follow.ts';
import { threadPages } from './pages.ts';
import { removalRoutes } from './removals.ts';
import { reportPages, reportRoutes } from './reports.ts';
import { revisionRoutes } from './revisions.ts';
import { threadRoutes } from './threads.ts';

export type { CommentDeps } from './board.ts';

export type Tier = 'public read' | 'public write' | 'key holder' | 'staff only';

/**
 * Every route of the board (a test holds the mounted app to it).
 * - public read: anyone; nothing changes.
 * - public write: anyone, from the blog's own pages (rate-limited unless LIMITS=off; a staff
 *   member signed in on the site comments under their name, never held or limited).
 * - key holder: whoever holds a key only the comment's writer was shown: its removal key, or the
 *   follow token taken with it. A follow address is a key holder's: what it reads (a held comment's
 *   fate) is not public, and it stops following; it changes nothing else, and reads nothing that
 *   names anyone.
 * - staff only: none here; every staff route is under /moderation (moderation/).
 * A report's or a removal request's reference is a key of a kind too: unguessable, and only its
 * sender was given it; what it reads says nothing of who sent it.
 */
export const routeTable: readonly { tier: Tier; method: 'GET' | 'POST' | 'DELETE'; path: string; file: string }[] = [
  { tier: 'public read', method: 'GET', path: '/api/posts/:postId/comments', file: 'threads' },
  { tier: 'public read', method: 'GET', path: '/api/posts/:postId/comments.atom', file: 'threads' },
  { tier: 'public read', method: 'GET', path: '/api/comments/recent.atom', file: 'threads' },
  { tier: 'public read', method: 'GET', path: '/api/counts', file: 'threads' },
  { tier: 'public read', method: 'GET', path: '/api/reports/:id', file: 'reports' },
  { tier: 'public read', method: 'GET', path: '/api/removal-requests/:id', file: 'removals' },
  { tier: 'public read', method: 'GET', path: '/posts/:postId/comments', file: 'pages' },
  { tier: 'public read', method: 'GET', path: '/reports', file: 'reports' },
  { tier: 'public read', method: 'GET', path: '/reports/:id', file: 'reports' },
  { tier: 'public write', method: 'POST', path: '/api/posts/:postId/comments', file: 'threads' },
  { tier: 'public read', method: 'POST', path: '/api/posts/:postId/comments/preview', file: 'revisions' },
  { tier: 'public write', method: 'POST', path: '/api/comments/:id/reports', file: 'reports' },
  { tier: 'public write', method: 'POST', path: '/api/comments/:id/removal-requests', file: 'removals' },
  { tier: 'public write', method: 'POST', path: '/api/comments/removal-requests', file: 'removals' },
  { tier: 'key holder', method: 'DELETE', path: '/api/comments/:id', file: 'removals' },
  { tier: 'key holder', method: 'POST', path: '/api/comments/:id/edit', file: 'revisions' },
  { tier: 'key holder', method: 'POST', path: '/api/comments/remove', file: 'removals' },
  { tier: 'key holder', method: 'POST', path: '/api/comments/:id/follow', file: 'follow' },
  { tier: 'key holder', method: 'GET', path: '/api/follow/:feed{.+[.]atom}', file: 'follow' },
  { tier: 'key holder', method: 'POST', path: '/api/follow/revoke', file: 'follow' },
  { tier: 'key holder', method: 'GET', path: '/follow/:address', file: 'follow' },
];

/**
 * The comment API (for /api), the thread pages for readers without JavaScript (/posts), the report
 * pages (/reports) and the pages of follow addresses (/follow).
 */
export function commentRoutes(deps: CommentDeps, shell: PageShell): { api: Hono; pages: Hono; reports: Hono; follow: Hono } {
  const board = createBoard(deps, shell);
  const api = new Hono().route('/', threadRoutes(board)).route('/', removalRoutes(board)).route('/', reportRoutes(board)).route('/', revisionRoutes(board)).route('/', followRoutes(board));
  return { api, pages: threadPages(board), reports: reportPages(board), follow: followPages(board) };
}
