// The blog's time zone: dates, archive months and post URLs follow it, as Blogger's do, and so do
// comment times and the moderation pages. One setting, BLOG_TIME_ZONE, read by the entry points
// (the server, the tools, the Astro config) and handed to everything else.

export const defaultTimeZone = 'Europe/London';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** BLOG_TIME_ZONE, checked; the default when unset. Throws, saying what to write, on a zone that does not exist. */
export function resolveTimeZone(env: Readonly<Record<string, string | undefined>>): string {
  const zone = env['BLOG_TIME_ZONE']?.trim() || defaultTimeZone;
  if (!isTimeZone(zone)) throw new Error(`BLOG_TIME_ZONE "${zone}" is not a time zone: use a name from the tz database, such as Europe/London or America/New_York.`);
  return zone;
}
