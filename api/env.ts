// The process environment, parsed once at start. Only the entry points read process.env.
import { z } from 'zod';
import { defaultHost, defaultPort, resolveSiteUrl } from '../site/lib/site-url.ts';

const envSchema = z.object({
  HOST: z.string().trim().min(1).default(defaultHost),
  PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
  SITE_URL: z.string().trim().optional(),
  DIST_DIR: z.string().trim().min(1).default('dist'),
  /** Set to "never" to serve dist/ as it is, without checking whether it needs a build. */
  BUILD_ON_START: z.enum(['auto', 'never', 'always']).default('auto'),
});

export interface ServerEnv {
  host: string;
  port: number;
  siteUrl: string;
  distDir: string;
  buildOnStart: 'auto' | 'never' | 'always';
}

export function parseEnv(env: Record<string, string | undefined>): ServerEnv {
  const result = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`The environment is not valid:\n${lines.join('\n')}`);
  }
  const { HOST, PORT, SITE_URL, DIST_DIR, BUILD_ON_START } = result.data;
  return {
    host: HOST,
    port: PORT,
    siteUrl: resolveSiteUrl({ SITE_URL, HOST, PORT: String(PORT) }),
    distDir: DIST_DIR,
    buildOnStart: BUILD_ON_START,
  };
}
