// A signed token that says when a comment form was issued: posts sent sooner than a person
// could write (default 3 s) are refused, and a token is good for a day and for one comment (its
// random id is recorded with the comment it carried: see formTokenUse).
import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';

export const formTokenLifetimeMs = 86_400_000;

const idBytes = 12;
const macBytes = 32;

/**
 * Random ids drawn 4 KiB at a time, each handed out once: every thread read issues a token, and
 * one call into the system's generator per id cost more than the token's signature (as
 * crypto.randomUUID does, for the same reason).
 */
const idPool = Buffer.alloc(idBytes * 341);
let idPoolAt = idPool.length;

function randomId(): Buffer {
  if (idPoolAt + idBytes > idPool.length) {
    randomFillSync(idPool);
    idPoolAt = 0;
  }
  // A copy: the pool's bytes are drawn afresh once used up.
  const id = Buffer.from(idPool.subarray(idPoolAt, idPoolAt + idBytes));
  idPoolAt += idBytes;
  return id;
}

/** `<issued, base 36>.<random id and signature, base64url>`: two readers never share one. */
export function issueFormToken(secret: string, now: number): string {
  const id = randomId();
  return `${now.toString(36)}.${Buffer.concat([id, sign(secret, now, id)]).toString('base64url')}`;
}

function sign(secret: string, issuedAt: number, id: Buffer): Buffer {
  return createHmac('sha256', secret).update(`form:${issuedAt}:`).update(id).digest();
}

function parts(token: string): { issuedAt: number; id: Buffer; mac: Buffer } | undefined {
  const [issued36, rest, extra] = token.split('.');
  const issuedAt = Number.parseInt(issued36 ?? '', 36);
  if (extra !== undefined || !rest || !/^[A-Za-z0-9_-]+$/.test(rest) || !Number.isSafeInteger(issuedAt)) return undefined;
  const bytes = Buffer.from(rest, 'base64url');
  if (bytes.length !== idBytes + macBytes) return undefined;
  return { issuedAt, id: bytes.subarray(0, idBytes), mac: bytes.subarray(idBytes) };
}

export type FormTokenCheck = { ok: true } | { ok: false; reason: 'missing' | 'invalid' | 'expired' } | { ok: false; reason: 'too_fast'; retryAfter: number };

export function checkFormToken(secret: string, token: string | undefined, now: number, minSeconds: number): FormTokenCheck {
  if (!token) return { ok: false, reason: 'missing' };
  const parsed = parts(token);
  if (!parsed) return { ok: false, reason: 'invalid' };
  const { issuedAt, id, mac } = parsed;
  if (!timingSafeEqual(sign(secret, issuedAt, id), mac)) return { ok: false, reason: 'invalid' };
  const age = now - issuedAt;
  if (age < minSeconds * 1000) return { ok: false, reason: 'too_fast', retryAfter: Math.max(1, Math.ceil((minSeconds * 1000 - age) / 1000)) };
  if (age > formTokenLifetimeMs) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/**
 * What records a good token's one use: its random id (which says nothing of when it was issued),
 * kept until the token has expired, rounded up to a whole UTC day so that the record's expiry
 * points at no comment.
 */
export function formTokenUse(token: string): { id: string; keepUntil: number } {
  const { issuedAt, id } = parts(token)!;
  const day = 86_400_000;
  return { id: id.toString('base64url'), keepUntil: Math.ceil((issuedAt + formTokenLifetimeMs) / day) * day };
}
