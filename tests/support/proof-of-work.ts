// The browser check solved as a script would, with ALTCHA's own solver: for tests that send
// comments and reports with the limits on.
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { issueChallenge } from '../../api/comments/proof-of-work.ts';

/** The `pow` field for a challenge (the `Pow-Challenge` header's JSON). */
export async function solvePow(header: string): Promise<string> {
  const challenge = JSON.parse(header) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('The challenge could not be solved.');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** A fresh challenge issued at `now`, solved. */
export async function powFor(formSecret: string, now: number): Promise<string> {
  return solvePow(await issueChallenge(formSecret, now));
}
