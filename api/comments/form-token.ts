// A signed token that says when a comment form was issued: posts sent sooner than a person
// could write (default 3 s) are refused, and a token is good for a day.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const formTokenLifetimeMs = 86_400_000;

export function issueFormToken(secret: string, now: number): string {
  return `${now.toString(36)}.${sign(secret, now)}`;
}

function sign(secret: string, issuedAt: number): string {
  return createHmac('sha256', secret).update(`form:${issuedAt}`).digest('base64url');
}

export type FormTokenCheck = { ok: true } | { ok: false; reason: 'missing' | 'invalid' | 'expired' } | { ok: false; reason: 'too_fast'; retryAfter: number };

export function checkFormToken(secret: string, token: string | undefined, now: number, minSeconds: number): FormTokenCheck {
  if (!token) return { ok: false, reason: 'missing' };
  const [issued36, mac] = token.split('.');
  const issuedAt = Number.parseInt(issued36 ?? '', 36);
  if (!mac || !Number.isSafeInteger(issuedAt)) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(secret, issuedAt));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  const age = now - issuedAt;
  if (age < minSeconds * 1000) return { ok: false, reason: 'too_fast', retryAfter: Math.max(1, Math.ceil((minSeconds * 1000 - age) / 1000)) };
  if (age > formTokenLifetimeMs) return { ok: false, reason: 'expired' };
  return { ok: true };
}
