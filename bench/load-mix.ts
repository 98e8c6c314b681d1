// The load benchmark's request mix (bench/load.ts): thread reads, comment posts and reports in
// fixed shares over the posts, each response tallied by kind, with the ids of acknowledged comments.
import type autocannon from 'autocannon';
import { commentText } from './api-seed.ts';

export const mix = { read: 0.9, comment: 0.09, report: 0.01 } as const;
export type Kind = keyof typeof mix;

export interface Tally {
  /** Responses by kind of request and status. */
  statuses: Record<Kind, Map<number, number>>;
  /** Milliseconds from sending to the whole response, by kind (measured run only). */
  latencies: Record<Kind, number[]>;
  /** Ids read from the bodies of 201/202 answers to comment posts. */
  acknowledgedIds: Set<number>;
  unreadable: number;
  /** A few error responses, by kind, status and body, with how often each came. */
  errorSamples: Map<string, number>;
}

export const newTally = (): Tally => ({ statuses: { read: new Map(), comment: new Map(), report: new Map() }, latencies: { read: [], comment: [], report: [] }, acknowledgedIds: new Set(), unreadable: 0, errorSamples: new Map() });

let sequence = 0;

export function mixedLoad(url: string, connections: number, postIds: readonly string[], reportable: readonly number[], random: () => number, tally: Tally): autocannon.Options {
  const bodies = Array.from({ length: 256 }, () => commentText(random, 35, 65).source);
  const pickPost = () => postIds[Math.floor(random() * postIds.length)]!;
  return {
    url,
    connections,
    requests: [
      {
        method: 'GET',
        path: `/api/posts/${postIds[0]}/comments`,
        // One request at a time per connection (no pipelining), so the connection's context
        // tells onResponse which kind of request it answers.
        setupRequest: (request, context) => {
          const roll = random();
          const kind: Kind = roll < mix.read ? 'read' : roll < mix.read + mix.comment ? 'comment' : 'report';
          // Built just before it is written to the connection: the send time, near enough.
          Object.assign(context, { kind, sentAt: performance.now() });
          if (kind === 'read') return { ...request, method: 'GET', path: `/api/posts/${pickPost()}/comments`, body: undefined, headers: {} };
          const json = { 'Content-Type': 'application/json' };
          if (kind === 'comment') {
            sequence++;
            // A pooled text with a unique opening, so no two comments are the same.
            const body = `Comment ${sequence}: ${bodies[sequence % bodies.length]}`;
            return { ...request, method: 'POST', path: `/api/posts/${pickPost()}/comments`, headers: json, body: JSON.stringify({ body }) };
          }
          const commentId = reportable[Math.floor(random() * reportable.length)]!;
          return { ...request, method: 'POST', path: `/api/comments/${commentId}/reports`, headers: json, body: JSON.stringify({ reason: 'spam' }) };
        },
        onResponse: (status, body, context) => {
          const { kind = 'read', sentAt = performance.now() } = context as { kind?: Kind; sentAt?: number };
          tally.latencies[kind].push(performance.now() - sentAt);
          const counts = tally.statuses[kind];
          counts.set(status, (counts.get(status) ?? 0) + 1);
          if (status >= 400 || status < 200) {
            const key = `${kind}: ${status} ${body.slice(0, 160)}`;
            tally.errorSamples.set(key, (tally.errorSamples.get(key) ?? 0) + 1);
          }
          if (kind !== 'comment' || (status !== 201 && status !== 202)) return;
          try {
            tally.acknowledgedIds.add(Number((JSON.parse(body) as { comment: { id: number } }).comment.id));
          } catch {
            tally.unreadable++;
          }
        },
      },
    ],
  };
}

export async function primeComment(origin: string, postId: string, tally: Tally): Promise<void> {
  const response = await fetch(`${origin}/api/posts/${postId}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ body: `Comment ${++sequence}: the first of this server's run.` }),
  });
  const text = await response.text();
  if (response.status !== 201 && response.status !== 202) throw new Error(`The first comment got ${response.status}: ${text.slice(0, 200)}`);
  tally.acknowledgedIds.add(Number((JSON.parse(text) as { comment: { id: number } }).comment.id));
}
