// The browser check: a proof-of-work challenge (ALTCHA's, made and checked here, with no other
// origin involved) that the comment script solves while its reader writes. Each comment or report
// sent as JSON pays for one solution; a solution is good once (its use is recorded in the database,
// so every process sharing it refuses a replay) and for a few minutes. A form sent by the page
// without JavaScript cannot solve it: its comment waits for a moderator, or is refused, as the
// settings say.
import { createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import type { Limit } from '../limits/rate-limits.ts';
import type { Settings } from '../settings.ts';

/**
 * The most SHA-256 hashes a solution takes (half as many on average): under a second on a phone
 * four times slower than a laptop's core, whose browser hashes about 110,000 a second in slices.
 */
export const defaultPowMaxCounter = 25_000;

/** How long a challenge may be solved and sent: minutes, as its reader writes. */
export const powLifetimeMs = 30 * 60_000;

/** What a comment sent without a solution from the page without JavaScript is held for. */
export const withoutCheckReason = 'Sent without the browser check';

/** The two keys of the challenges, from the form secret (every process shares it). */
function keys(formSecret: string): { challenge: string; key: string } {
  const derive = (purpose: string) => createHmac('sha256', formSecret).update(`pow:${purpose}`).digest('base64url');
  return { challenge: derive('challenge'), key: derive('key') };
}

/**
 * A new challenge, as the `Pow-Challenge` header carries it (JSON): the SHA-256 of salt, nonce and
 * a counter must start with `keyPrefix`; the counter is drawn below `maxCounter`.
 */
export async function issueChallenge(formSecret: string, now: number, maxCounter = defaultPowMaxCounter): Promise<string> {
  const { challenge, key } = keys(formSecret);
  const made = await createChallenge({
    algorithm: 'SHA-256',
    cost: 1,
    counter: randomInt(maxCounter, 0),
    deriveKey,
    // On the board's clock, not the library's: checked by checkSolution.
    data: { expires: now + powLifetimeMs },
    hmacSignatureSecret: challenge,
    hmacKeySignatureSecret: key,
  });
  return JSON.stringify(made);
}

const hex = z.string().regex(/^[0-9a-f]{1,256}$/);
const payloadSchema = z.object({
  challenge: z.object({
    parameters: z.object({ algorithm: z.literal('SHA-256'), nonce: hex, salt: hex, cost: z.number(), keyLength: z.number(), keyPrefix: hex, keySignature: hex, data: z.object({ expires: z.number() }) }).loose(),
    signature: hex,
  }),
  solution: z.object({ counter: z.number(), derivedKey: hex }),
});

export type SolutionCheck = { ok: true; use: Limit } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

/**
 * A solution (`pow`: base64 of the JSON `{ challenge, solution }`), checked: signed here, not
 * expired, solved. `use` records it, so that it is good for one comment or report.
 */
export async function checkSolution(formSecret: string, pow: string | undefined, now: number): Promise<SolutionCheck> {
  if (!pow) return { ok: false, reason: 'missing' };
  let payload: z.output<typeof payloadSchema>;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(pow, 'base64').toString('utf8')));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const { challenge, key } = keys(formSecret);
  const result = await verifySolution({ challenge: payload.challenge as Challenge, solution: payload.solution, deriveKey, hmacSignatureSecret: challenge, hmacKeySignatureSecret: key });
  if (!result.verified) return { ok: false, reason: 'invalid' };
  const expires = payload.challenge.parameters.data.expires;
  if (now > expires) return { ok: false, reason: 'expired' };
  // Kept to the end of the UTC day after it expires, like a form token's use: its expiry says
  // nothing of when the comment was sent.
  const day = 86_400_000;
  const keepUntil = Math.ceil(expires / day) * day;
  return {
    ok: true,
    use: {
      key: `pow-used:${payload.challenge.signature}`,
      limit: 1,
      windowMs: keepUntil - now,
      expiresAt: keepUntil,
      message: '',
      refusal: new ApiError('pow_invalid', 'This browser check has been used already: send it again.', { field: 'pow' }),
    },
  };
}

export interface ProofOfWork {
  /** What records the solution's single use (none for a form held without it). */
  limits: Limit[];
  /** Why the comment waits for a moderator, when it came without a solution. */
  hold?: string;
}

/**
 * What a reader's comment or report must show: a JSON request a solution, refused without one; a
 * form post from the page without JavaScript none, held (comments) or refused as the settings say.
 */
export async function requireProofOfWork(formSecret: string, pow: string | undefined, sent: { form: boolean; settings: Pick<Settings, 'withoutBrowserCheck'>; now: number }): Promise<ProofOfWork> {
  const check = await checkSolution(formSecret, pow, sent.now);
  if (check.ok) return { limits: [check.use] };
  if (check.reason === 'missing' && sent.form) {
    if (sent.settings.withoutBrowserCheck === 'refuse') throw new ApiError('pow_required', 'This form needs JavaScript for its browser check: turn JavaScript on and send it again.', { field: 'pow' });
    return { limits: [], hold: withoutCheckReason };
  }
  if (check.reason === 'missing') throw new ApiError('pow_required', 'The browser check is missing: reload the page and send it again.', { field: 'pow' });
  const message = check.reason === 'expired' ? 'The browser check has expired: send it again.' : 'The browser check failed: reload the page and send it again.';
  throw new ApiError('pow_invalid', message, { field: 'pow' });
}
