// Readers answer each other by time and number: "Anon 10:46", "@ 00:25", "9.25 o take that…",
// "#12", "12.1". When a comment is written, each such reference that points to exactly one
// earlier comment of the thread becomes a link to it (by id, so it survives renumbering); an
// ambiguous or unknown one stays text. Done once, on the sanitised HTML, so the stored comment,
// the page without JavaScript, the feeds and the script all show the same links.
import { localMinute } from '../../site/lib/dates.ts';
import type { PublicComment } from './types.ts';

/** What a reference may point to: a comment of the thread as the public sees it. */
export type ReferenceTarget = Pick<PublicComment, 'id' | 'number' | 'createdAt' | 'localTime' | 'status' | 'author'>;

export interface ReferenceContext {
  /** When the comment is written: only comments at or before it can be meant. */
  now: number;
  /** The blog's clocks: readers write the times the thread shows. */
  timeZone: string;
  /** The comment's own id, when it is an edit (it cannot point to itself). */
  self?: number | undefined;
}

/**
 * A reference in text: a time ("10:46", "10.46", "@ 00:25", "Anon 10:46", "9.25pm"), "#" and a
 * thread number ("#12", "#12.1"), or a thread number with a dot ("12.1"). Not after a letter,
 * digit, currency sign or "&" (an entity), and not before a letter, digit or "%": "£2.50",
 * "2.5%", "v2.10a" stay as they are.
 */
const reference =
  /(?<![\p{L}\p{N}&#.:£$€_])(?:(?<prefix>(?:Anon(?:ymous)?|@)[ \t]?)?(?<hour>\d{1,2})(?<sep>[:.])(?<minute>[0-5]\d)(?:[ \t]?(?<half>[ap])\.?m\b\.?)?|#(?<hashed>\d{1,4}(?:\.\d{1,4})*)|(?<dotted>\d{1,4}(?:\.\d{1,4})+))(?![\p{L}\p{N}%]|[.:]\d)/gu;

/** Elements whose text is never linked: links already, and code as written. */
const verbatim = new Set(['a', 'code', 'pre']);

/**
 * The comment's HTML (sanitised: well-formed, text escaped) with its references linked to
 * `#c<id>`. Text inside links and code is left alone.
 */
export function linkReferences(html: string, thread: readonly ReferenceTarget[], context: ReferenceContext): string {
  const earlier = thread.filter((c) => c.id !== context.self && Date.parse(c.createdAt) <= context.now);
  if (earlier.length === 0 || !/\d/.test(html)) return html;
  const resolve = resolver(earlier, context);
  let inside = 0;
  return html
    .split(/(<[^>]*>)/)
    .map((part, i) => {
      if (i % 2 === 1) {
        const tag = /^<(\/?)([a-z]+)/.exec(part);
        if (tag && verbatim.has(tag[2]!)) inside += tag[1] ? -1 : 1;
        return part;
      }
      if (inside > 0) return part;
      return part.replace(reference, (text, ...rest) => {
        const groups = rest.at(-1) as Groups;
        const target = resolve(groups);
        return target === undefined ? text : `<a href="#c${target}">${text}</a>`;
      });
    })
    .join('');
}

interface Groups {
  prefix?: string;
  hour?: string;
  sep?: string;
  minute?: string;
  half?: string;
  hashed?: string;
  dotted?: string;
}

/** The id the reference points to, when it points to exactly one comment. */
function resolver(earlier: readonly ReferenceTarget[], context: ReferenceContext): (groups: Groups) => number | undefined {
  // Each comment's minute as the thread shows it: "2026-12-02T09:25".
  const local = earlier.map((c) => ({ comment: c, day: c.localTime.slice(0, 10), hour: Number(c.localTime.slice(11, 13)), minute: Number(c.localTime.slice(14, 16)) }));
  const today = localMinute(new Date(context.now), context.timeZone).slice(0, 10);
  const byNumber = new Map(earlier.map((c) => [c.number, c.id]));
  return (g) => {
    const candidates = new Set<number>();
    if (g.hashed !== undefined) addIfKnown(candidates, byNumber.get(g.hashed));
    if (g.dotted !== undefined) addIfKnown(candidates, byNumber.get(g.dotted));
    if (g.hour !== undefined && g.minute !== undefined) {
      const hour = to24Hour(Number(g.hour), g.half);
      const minute = Number(g.minute);
      // "10.46" is also how people write 10.46 million: a dotted time means one of that day's comments.
      const dottedOnly = g.sep === '.' && !g.prefix;
      const anonymous = /^anon/i.test(g.prefix ?? '');
      const times = local.filter((c) => c.hour === hour && c.minute === minute && (!dottedOnly || c.day === today) && (!anonymous || (c.comment.author?.kind !== 'named' && c.comment.author?.kind !== 'staff')));
      for (const { comment } of times) candidates.add(comment.id);
      // "9.25" may be comment 9.25 as well as a time: both found, it is ambiguous.
      if (g.sep === '.' && !g.half) addIfKnown(candidates, byNumber.get(`${g.hour}.${g.minute}`));
    }
    return candidates.size === 1 ? [...candidates][0] : undefined;
  };
}

function addIfKnown(set: Set<number>, id: number | undefined): void {
  if (id !== undefined) set.add(id);
}

function to24Hour(hour: number, half: string | undefined): number {
  if (!half) return hour;
  const h = hour % 12;
  return half.toLowerCase() === 'p' ? h + 12 : h;
}
