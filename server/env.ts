// The process environment, parsed once at start. Only the entry points read process.env.
import { resolve } from 'node:path';
import { z } from 'zod';
import { defaultHost, defaultPort, resolveApiUrl, resolveSiteUrl } from '../site/lib/site-url.ts';
import { isTimeZone, resolveTimeZone } from '../site/lib/time-zone.ts';
import { minSourceSecretLength } from '../api/privacy/daily-salt.ts';
import { defaultPowMaxCounter } from '../api/comments/proof-of-work.ts';
import { projectRoot } from '../build/site-build.ts';
import type { MailSettings } from '../moderation/notify.ts';

const envSchema = z.object({
  HOST: z.string().trim().min(1).default(defaultHost),
  PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
  SITE_URL: z.string().trim().optional(),
  /** The API's public origin when the pages are served from another one (a static host or CDN at SITE_URL). */
  API_URL: z.string().trim().optional(),
  DIST_DIR: z.string().trim().min(1).default('dist'),
  /**
   * "auto": build at start when the site is missing or out of date, and rebuild while serving (on a
   * change, a scheduled post's time, or staff's request); "always": build at every start too;
   * "never": serve dist/ as it is and never build.
   */
  BUILD_ON_START: z.enum(['auto', 'never', 'always']).default('auto'),
  /** The posts' and pages' folders (content/posts, content/pages by default). */
  BEFRIEND_CONTENT_DIR: z.string().trim().min(1).default('content/posts'),
  BEFRIEND_PAGES_DIR: z.string().trim().min(1).default('content/pages'),
  BEFRIEND_PUBLIC_DIR: z.string().trim().min(1).default('public'),
  /** Run after each build the server makes, with the build's folder in BUILD_DIR: e.g. an upload to a static host. */
  PUBLISH_COMMAND: z.string().trim().optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(file|libsql|https?|wss?):/, 'must start with file:, libsql:, http(s): or ws(s):')
    .default('file:data/befriend.db'),
  DATABASE_AUTH_TOKEN: z.string().trim().optional(),
  /** With a file: DATABASE_URL, makes it an embedded replica of this primary. */
  DATABASE_SYNC_URL: z.string().trim().optional(),
  /**
   * The server acts as if it were this many seconds later than the machine's clock: to try out a
   * scheduled post, and for tests that move time. 0 (the default) in production.
   */
  BEFRIEND_CLOCK_AHEAD: z.coerce.number().int().min(0).max(10 * 366 * 86400).default(0),
  /** "off" switches off rate limits, the form token and the timing check (tests, benchmarks). */
  LIMITS: z.enum(['on', 'off']).default('on'),
  /**
   * "on" asks comments and reports sent as JSON for the browser check (api/comments/proof-of-work.ts);
   * off until the comment script solves it.
   */
  POW: z.enum(['on', 'off']).default('off'),
  /**
   * The most hashes a solution of the browser check takes (half as many on average). The server
   * checks a solution with one hash whatever this is; raise it under a wave of robots, lower it for
   * readers on old phones.
   */
  POW_HASHES: z.coerce.number().int().min(1000).max(10_000_000).default(defaultPowMaxCounter),
  /** Behind a proxy: the header that carries the client's address (its last entry), e.g. X-Forwarded-For. */
  TRUSTED_PROXY_HEADER: z.string().trim().optional(),
  RENDER_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
  /** The same on every machine serving one site: their processes then key a reader alike (see api/privacy/daily-salt.ts). */
  /** The blog's time zone: post URLs, dates, comment times and the moderation pages follow it. */
  BLOG_TIME_ZONE: z.string().trim().refine(isTimeZone, 'not a time zone: use a name from the tz database, such as Europe/London').optional(),
  /** Mail to the moderators when something urgent arrives (see moderation/notify.ts): nothing is sent without it. */
  SMTP_URL: z.string().trim().regex(/^smtps?:\/\/[^/]/, 'must be smtp://user:password@host:port or smtps://…').optional(),
  MAIL_FROM: z.string().trim().min(3).optional(),
  /** The moderators' addresses, separated by commas. */
  MODERATOR_MAIL_TO: z.string().trim().optional(),
  MODERATOR_MAIL_QUEUE_SIZE: z.coerce.number().int().min(1).default(20),
  SOURCE_SECRET: z.string().trim().min(minSourceSecretLength, `must be at least ${minSourceSecretLength} characters: make one with \`openssl rand -base64 32\``).optional(),
});

export interface ServerEnv {
  host: string;
  port: number;
  pagesOrigin: string;
  /** Set only when it differs from SITE_URL's origin: the pages then call it, and it allows SITE_URL's origin (CORS). */
  boardOrigin: string | undefined;
  distDir: string;
  buildOnStart: 'auto' | 'never' | 'always';
  /** The posts' and pages' folders, absolute. */
  postsDir: string;
  pagesDir: string;
  /** Files copied into the site as they are; the desk stores pictures in its images/. */
  publicDir: string;
  /** The server's clock: the machine's, moved ahead by BEFRIEND_CLOCK_AHEAD. */
  clock: () => number;
  publishCommand: string | undefined;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  databaseSyncUrl: string | undefined;
  limits: boolean;
  /** The browser check asked for (with the limits on). */
  proofOfWork: boolean;
  /** The most hashes a solution of the browser check takes. */
  powHashes: number;
  trustedProxyHeader: string | undefined;
  renderWorkers: number | undefined;
  sourceSecret: string | undefined;
  timeZone: string;
  /** Mail to the moderators, when SMTP_URL is set. */
  moderatorMail: MailSettings | undefined;
}

export function parseEnv(env: Record<string, string | undefined>): ServerEnv {
  const result = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`The environment is not valid:\n${lines.join('\n')}`);
  }
  const { HOST, PORT, SITE_URL, API_URL, DIST_DIR, BUILD_ON_START } = result.data;
  if (API_URL && !SITE_URL) throw new Error('The environment is not valid:\n  API_URL: needs SITE_URL too, the address readers open the pages at (the static host or CDN)');
  const data = result.data;
  const mailTo = (data.MODERATOR_MAIL_TO ?? '').split(',').map((address) => address.trim()).filter(Boolean);
  if (data.SMTP_URL && (!data.MAIL_FROM || mailTo.length === 0)) throw new Error('The environment is not valid:\n  SMTP_URL: needs MAIL_FROM (the sender) and MODERATOR_MAIL_TO (the moderators’ addresses, separated by commas)');
  return {
    host: HOST,
    port: PORT,
    pagesOrigin: resolveSiteUrl({ SITE_URL, HOST, PORT: String(PORT) }),
    boardOrigin: resolveApiUrl({ SITE_URL, API_URL }),
    distDir: DIST_DIR,
    buildOnStart: BUILD_ON_START,
    postsDir: resolve(projectRoot, data.BEFRIEND_CONTENT_DIR),
    pagesDir: resolve(projectRoot, data.BEFRIEND_PAGES_DIR),
    publicDir: resolve(projectRoot, data.BEFRIEND_PUBLIC_DIR),
    clock: data.BEFRIEND_CLOCK_AHEAD === 0 ? Date.now : () => Date.now() + data.BEFRIEND_CLOCK_AHEAD * 1000,
    publishCommand: data.PUBLISH_COMMAND,
    databaseUrl: data.DATABASE_URL,
    databaseAuthToken: data.DATABASE_AUTH_TOKEN,
    databaseSyncUrl: data.DATABASE_SYNC_URL,
    limits: data.LIMITS === 'on',
    proofOfWork: data.POW === 'on',
    powHashes: data.POW_HASHES,
    trustedProxyHeader: data.TRUSTED_PROXY_HEADER,
    renderWorkers: data.RENDER_WORKERS,
    sourceSecret: data.SOURCE_SECRET,
    timeZone: resolveTimeZone({ BLOG_TIME_ZONE: data.BLOG_TIME_ZONE }),
    moderatorMail: data.SMTP_URL ? { smtpUrl: data.SMTP_URL, from: data.MAIL_FROM!, to: mailTo, queueSize: data.MODERATOR_MAIL_QUEUE_SIZE } : undefined,
  };
}

/** A relative file: URL is relative to the project, wherever the command was started. */
export function resolveDatabaseUrl(url: string, root: string = projectRoot): string {
  return /^file:(?!\/)/.test(url) ? `file:${resolve(root, url.slice('file:'.length))}` : url;
}
