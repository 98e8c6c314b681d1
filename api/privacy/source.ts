// Who is asking, without ever knowing: a client address becomes an HMAC under a random salt that
// lives only in memory and is replaced every UTC day. The address itself is never stored or logged.
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Context } from 'hono';

/**
 * The unit that counts as one source. An IPv6 home line or small office is given a /56 or a /48
 * (RIPE-690), i.e. 256 to 65,536 /64 networks: counted by /64, one person could report or comment
 * as hundreds of readers. By /48 such a line counts once, as an IPv4 address behind a home router
 * or a carrier's NAT already does.
 */
export function addressBucket(address: string): string {
  const plain = address.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return mapped[1]!;
  if (!isIPv6(plain)) return plain;
  return expandIPv6(plain).slice(0, 3).join(':') + '::/48';
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((p) => p.toLowerCase().padStart(4, '0'));
}

/**
 * The address of the client: from the trusted proxy header (its last entry, added by our own
 * proxy) when one is configured, else from the socket.
 */
/** The client's address for a Hono request on @hono/node-server (see clientAddress). */
export function requestAddress(c: Context, trustedProxyHeader: string | undefined): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return clientAddress(c.req.raw.headers, incoming?.socket?.remoteAddress, trustedProxyHeader);
}

export function clientAddress(headers: Headers, socketAddress: string | undefined, trustedProxyHeader: string | undefined): string {
  if (trustedProxyHeader) {
    const value = headers.get(trustedProxyHeader);
    const last = value?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return last;
  }
  return socketAddress ?? 'unknown';
}

export interface SourceHasher {
  /** An opaque key for (address, purpose): equal for the same address on the same UTC day only. */
  key(address: string, purpose: string): string;
}

/**
 * Keys under a salt that changes every UTC day and lives in memory only. Several processes serving
 * one site share the day's salt through `sharedSalt` (given by the process that started them), so
 * that a reader counts once whichever process answers; a process on its own draws its own.
 */
export function createSourceHasher(now: () => number, random: (size: number) => Buffer = randomBytes, sharedSalt?: (day: number) => Buffer | undefined): SourceHasher {
  let day = -1;
  let salt: Buffer = Buffer.alloc(0);
  return {
    key(address, purpose) {
      const today = Math.floor(now() / 86_400_000);
      if (today !== day) {
        // Yesterday's salt is dropped: nothing can link today's keys to yesterday's.
        const shared = sharedSalt?.(today);
        if (sharedSalt && !shared) {
          // Not arrived yet (the starting process sends each day's ahead of time): ask again next time.
          return createHmac('sha256', random(32)).update(`${purpose}\n${addressBucket(address)}`).digest('base64url');
        }
        salt = shared ?? random(32);
        day = today;
      }
      return createHmac('sha256', salt).update(`${purpose}\n${addressBucket(address)}`).digest('base64url');
    },
  };
}
