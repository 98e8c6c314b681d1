// What every route file of the public board shares, made once per app: the dependencies given
// by the composition (CommentDeps), the posts, the cached settings and threads, the write queue,
// and the thread page that form posts are answered with.
import { defaultTimeZone } from '../../../site/lib/time-zone.ts';
import type { Context } from 'hono';
import type { PostsManifestEntry } from '../../../site/lib/posts.ts';
import type { Database } from '../../db/database.ts';
import { clientBatch, createWriteQueue, type WriteQueue } from '../../db/write-queue.ts';
import { ApiError } from '../../errors.ts';
import type { PageShell } from '../../page-shell.ts';
import { requestAddress, type SourceHasher } from '../../privacy/source.ts';
import { cachedSettings, type Settings } from '../../settings.ts';
import { issueFormToken } from '../form-token.ts';
import * as model from '../model.ts';
import { defaultPowMaxCounter, issueChallenge } from '../proof-of-work.ts';
import type { Renderer, SubmitDeps } from '../submit.ts';
import type { QueueEvent } from '../types.ts';
import { threadPageMain, type ThreadPageState } from '../thread-page.ts';
import { threadReader, type CachedThread } from '../thread-cache.ts';

export interface CommentDeps {
  /** Reads; and writes too unless `writes` is given. */
  db: Database;
  /** Where the board's writes go (group commit; off the event loop in the server). */
  writes?: WriteQueue;
  posts: readonly PostsManifestEntry[];
  renderer: Renderer;
  sources: SourceHasher;
  clock: () => number;
  /** Signs form tokens; shared by every process (kept in the database). */
  formSecret: string;
  /** false when LIMITS=off: no rate limits, form token, timing or browser check. */
  limits: boolean;
  /**
   * The browser check's difficulty: the most hashes a solution takes (see proof-of-work.ts); 0
   * switches the check off.
   */
  powMaxCounter?: number;
  trustedProxyHeader: string | undefined;
  /** Names only staff may use, beyond the settings' list: the blog's own author names. */
  staffNames?: readonly string[];
  /** More such names, looked up per comment: the staff accounts' names. */
  staffAccountNames?: () => Promise<readonly string[]>;
  /** The signed-in staff member sending this request from the site itself, if any. */
  staffOf?: (c: Context) => Promise<{ name: string } | undefined>;
  /** The pages' public origin, for links in feeds and the way back to a post. */
  pagesOrigin?: string;
  /** This server's own public origin (the pages' own unless API_URL says otherwise), for the feeds' own addresses. */
  boardOrigin?: string;
  /** The blog's time zone, for comment times on the page without JavaScript. */
  timeZone?: string;
  /** Told of each held comment and each report once it is stored; it must return at once and never throw. */
  onQueueEvent?: (event: QueueEvent) => void;
}

export interface Board {
  deps: CommentDeps;
  shell: PageShell;
  posts: ReadonlyMap<string, PostsManifestEntry>;
  pagesOrigin: string;
  boardOrigin: string;
  settings: () => Promise<Settings>;
  readThread: (post: PostsManifestEntry) => Promise<CachedThread>;
  writes: WriteQueue;
  /** A browser-check challenge for the next comment or report (the `Pow-Challenge` header), if one is asked for. */
  challenge(): Promise<string | undefined>;
  /** What submitComment needs, made once. */
  submitting: SubmitDeps;
  /** The post, or a 404 in the API's error shape. */
  findPost(postId: string): PostsManifestEntry;
  /** The sender's address, as the limits count it. */
  sourceOf(c: Context): string;
  staffOf(c: Context): Promise<{ name: string } | undefined>;
  /** The thread page for readers without JavaScript, where form posts come back to. */
  pagePath(postId: string): string;
  renderPage(post: PostsManifestEntry, state: ThreadPageState, c?: Context): Promise<string>;
}

export function createBoard(deps: CommentDeps, shell: PageShell): Board {
  const { db, clock } = deps;
  const posts = new Map(deps.posts.map((post) => [post.id, post]));
  const settings = cachedSettings(db, 1000, clock);
  const writes = deps.writes ?? createWriteQueue(clientBatch(db));
  const timeZone = deps.timeZone ?? defaultTimeZone;
  const readThread = threadReader(db, settings, timeZone);
  const pagesOrigin = deps.pagesOrigin ?? 'http://127.0.0.1:4321';
  const boardOrigin = deps.boardOrigin ?? pagesOrigin;
  /** The way back to the post: on the pages' own host when that is not this server. */
  const pagesPost = (post: PostsManifestEntry): PostsManifestEntry => (boardOrigin === pagesOrigin ? post : { ...post, url: new URL(post.url, pagesOrigin).href });
  const staffOf = async (c: Context) => deps.staffOf?.(c);
  const powMaxCounter = deps.powMaxCounter ?? defaultPowMaxCounter;
  const proofOfWork = deps.limits && powMaxCounter > 0;

  return {
    deps,
    shell,
    posts,
    pagesOrigin,
    boardOrigin,
    settings,
    readThread,
    writes,
    challenge: async () => (proofOfWork ? issueChallenge(deps.formSecret, clock(), powMaxCounter) : undefined),
    submitting: {
      db,
      writes,
      writer: model.createCommentWriter(writes),
      renderer: deps.renderer,
      sources: deps.sources,
      settings,
      formSecret: deps.formSecret,
      limits: deps.limits,
      proofOfWork,
      staffNames: deps.staffNames,
      staffAccountNames: deps.staffAccountNames,
      thread: async (post) => (await readThread(post)).comments,
      timeZone,
    },
    findPost(postId) {
      const post = posts.get(postId);
      if (!post) throw new ApiError('post_not_found', 'There is no such post.');
      return post;
    },
    sourceOf: (c) => requestAddress(c, deps.trustedProxyHeader),
    staffOf,
    pagePath: (postId) => `/posts/${encodeURIComponent(postId)}/comments`,
    async renderPage(post, state, c) {
      const thread = await readThread(post);
      const staff = c ? await staffOf(c) : undefined;
      if (staff) state = { ...state, staffName: staff.name };
      // A refused reply is shown again as a reply, while its comment is still there to answer.
      const parentId = state.values?.parentId;
      if (!state.replyTo && parentId !== undefined) state = { ...state, replyTo: thread.comments.find((x) => x.id === parentId && x.status === 'published') };
      const token = post.comments === 'closed' ? undefined : issueFormToken(deps.formSecret, clock());
      // The key box is autofocused: the page is drawn only once the box has arrived whole (PageShell).
      const drawnWith = state.written ? 'new-comment-key-end' : undefined;
      return shell.render({ title: `Comments on ${post.title}`, main: threadPageMain(pagesPost(post), thread.comments, timeZone, { ...state, formToken: token, now: clock() }), drawnWith });
    },
  };
}
