// npm run bench:forge -- the browser check's price for a robot, on one core: how many challenges a
// second it can solve with Node's native SHA-256 (ALTCHA's own solver), which bounds the comments a
// second it can forge with the check on; without it, every form token makes a comment for free.
import { defaultPowMaxCounter, issueChallenge } from '../api/comments/proof-of-work.ts';
import { solvePow } from '../tests/support/proof-of-work.ts';

const secret = 'bench-secret';
const rounds = 200;
const started = performance.now();
for (let i = 0; i < rounds; i++) await solvePow(await issueChallenge(secret, Date.now(), defaultPowMaxCounter));
const seconds = (performance.now() - started) / 1000;
const perSecond = rounds / seconds;
console.log(`Challenges of up to ${defaultPowMaxCounter.toLocaleString('en-GB')} hashes: ${rounds} solved in ${seconds.toFixed(2)} s on one core.`);
console.log(`With the browser check: at most ${perSecond.toFixed(0)} forged comments a second per core (${(1000 / perSecond).toFixed(1)} ms each).`);
