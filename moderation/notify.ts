// Mail to the moderators when something urgent reaches the queue: a comment hidden by readers'
// reports, a report of racism, the held comments reaching a size. Sent after the reader's request,
// never in its way, at most one mail of a kind per quiet period. A mail says what happened, how much
// waits and where: nothing of any reader (no text, name, note or address).
import { createTransport } from 'nodemailer';
import type { Database } from '../api/db/database.ts';
import type { QueueEvent } from '../api/comments/types.ts';

export interface MailSettings {
  /** smtp://user:password@host:port (STARTTLS when the server offers it), or smtps://… */
  smtpUrl: string;
  from: string;
  /** The moderators' addresses. */
  to: readonly string[];
  /** Held comments at which the moderators are told, as the queue reaches it (not for each one past it). */
  queueSize: number;
}

export type UrgentKind = 'hidden' | 'racism' | 'queue';

export interface ModeratorMail {
  /** The board's onQueueEvent: returns at once; the mail, if any, goes after. */
  notify(event: QueueEvent): void;
  /** Settles once every mail begun so far has been sent or has failed. */
  settled(): Promise<void>;
  close(): void;
}

export interface ModeratorMailDeps {
  db: Database;
  clock: () => number;
  settings: MailSettings;
  /** The moderation app's public address, e.g. https://blog.example.org/moderation */
  moderationUrl: () => string;
  /** At most one mail of a kind in this time (30 minutes unless told). */
  quietMs?: number;
  /** Where failures are told: never an address or the SMTP server's words, only a code. */
  log?: (message: string) => void;
}

export const defaultQuietMs = 30 * 60_000;

const subjects: Record<UrgentKind, (waiting: Waiting) => string> = {
  hidden: () => 'A comment was hidden by readers’ reports',
  racism: () => 'A comment was reported for racism',
  queue: (waiting) => `${waiting.held} comments are waiting for a moderator`,
};

const explanations: Record<UrgentKind, string> = {
  hidden: 'Readers’ reports have hidden a comment: it stays hidden until a moderator upholds or dismisses them.',
  racism: 'A reader reported a comment for racism: it stays shown until a moderator decides (or more reports hide it).',
  queue: 'The held comments have reached the size set for this mail: readers are waiting for their comments to appear.',
};

const lists: Record<UrgentKind, string> = { hidden: 'reports', racism: 'reports', queue: 'held' };

interface Waiting {
  held: number;
  reported: number;
}

/** What waits now; with `heldUpTo`, also how many held comments there were once that one was held. */
async function waiting(db: Database, heldUpTo = 0): Promise<Waiting & { heldThen: number }> {
  const row = (
    await db.execute({
      sql: `SELECT (SELECT count(*) FROM comments WHERE status = 'pending') AS held,
                   (SELECT count(DISTINCT comment_id) FROM reports WHERE status = 'open') AS reported,
                   (SELECT count(*) FROM comments WHERE status = 'pending' AND id <= ?) AS held_then`,
      args: [heldUpTo],
    })
  ).rows[0]!;
  return { held: Number(row['held']), reported: Number(row['reported']), heldThen: Number(row['held_then']) };
}

/** The mail of one kind: its subject and plain text, from counts and the queue's address only. */
export function urgentMail(kind: UrgentKind, counts: Waiting, { moderationUrl, since, quietMinutes }: { moderationUrl: string; since: number; quietMinutes: number }): { subject: string; text: string } {
  const host = new URL(moderationUrl).host;
  const lines = [
    explanations[kind],
    '',
    `Waiting now: ${counts.held} held ${counts.held === 1 ? 'comment' : 'comments'}, ${counts.reported} reported ${counts.reported === 1 ? 'comment' : 'comments'}.`,
    ...(since > 0 ? [`Since the last mail of this kind: ${since} more like it.`] : []),
    '',
    `The queue: ${moderationUrl}/${lists[kind]}`,
    '',
    `— the comment board at ${host}, which sends at most one mail of this kind every ${quietMinutes} minutes.`,
  ];
  return { subject: `[${host}] ${subjects[kind](counts)}`, text: lines.join('\n') };
}

/** The failure's code only: an SMTP server's words may quote the addresses. */
function failure(error: unknown): string {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return [typeof code === 'string' ? code : 'error', typeof responseCode === 'number' ? String(responseCode) : ''].filter(Boolean).join(' ');
}

export function moderatorMail(deps: ModeratorMailDeps): ModeratorMail {
  const { db, clock, settings } = deps;
  const quietMs = deps.quietMs ?? defaultQuietMs;
  const log = deps.log ?? ((message: string) => console.error(message));
  const transport = createTransport({ url: settings.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  const lastSent = new Map<UrgentKind, number>();
  const unmailed = new Map<UrgentKind, number>();
  const inFlight = new Set<Promise<void>>();

  /** Whether a mail of this kind may go now; if not, it is counted toward the next one. */
  const due = (kind: UrgentKind): boolean => {
    const now = clock();
    const last = lastSent.get(kind);
    if (last !== undefined && now - last < quietMs) {
      unmailed.set(kind, (unmailed.get(kind) ?? 0) + 1);
      return false;
    }
    lastSent.set(kind, now);
    return true;
  };

  const urgentOf = async (event: QueueEvent): Promise<{ kinds: UrgentKind[]; counts?: Waiting }> => {
    if (event.kind === 'reported') {
      const kinds: UrgentKind[] = [...(event.hiddenByReports ? (['hidden'] as const) : []), ...(event.reason === 'racism' ? (['racism'] as const) : [])];
      return kinds.length > 0 ? { kinds, counts: await waiting(db) } : { kinds };
    }
    // Told when this comment brought the held comments to the size, not for each one past it: the
    // comments held before it count, so of several arriving at once exactly one is the one, in any
    // process, and a queue that went below the size and reaches it again is told again.
    const counts = await waiting(db, event.commentId);
    return { kinds: counts.heldThen === settings.queueSize ? ['queue'] : [], counts };
  };

  const handle = async (event: QueueEvent) => {
    const { kinds, counts } = await urgentOf(event);
    for (const kind of kinds.filter(due)) {
      const since = unmailed.get(kind) ?? 0;
      unmailed.delete(kind);
      const mail = urgentMail(kind, counts!, { moderationUrl: deps.moderationUrl(), since, quietMinutes: Math.round(quietMs / 60_000) });
      await transport.sendMail({ from: settings.from, to: [...settings.to], subject: mail.subject, text: mail.text });
    }
  };

  return {
    notify(event) {
      const work = handle(event).catch((error: unknown) => log(`Mail to the moderators was not sent (${failure(error)})`));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    close() {
      transport.close();
    },
  };
}
