// The browser check (proof of work): the board's challenge, solved here while the reader writes,
// so that a comment or a report costs whoever sends it a few hundred thousand hashes. SHA-256 of
// salt, nonce and a 32-bit counter (ALTCHA's scheme, checked by the board with altcha-lib), hashed
// by Web Crypto in batches, each a task of its own, so the page never stalls.

interface Challenge {
  parameters: { nonce: string; salt: string; keyPrefix: string; keyLength?: number };
}

/** Hashes per batch: a few ms on a phone. */
const batch = 250;

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** The `pow` field for a challenge (the `Pow-Challenge` header), or undefined where the browser cannot hash. */
async function solve(header: string): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined;
  const challenge = JSON.parse(header) as Challenge;
  const { nonce, salt, keyPrefix, keyLength = 32 } = challenge.parameters;
  const head = new Uint8Array([...fromHex(salt), ...fromHex(nonce)]);
  const prefix = keyPrefix.toLowerCase();
  for (let start = 0; start < 2 ** 32; start += batch) {
    const digests = await Promise.all(
      Array.from({ length: batch }, (_, i) => {
        const input = new Uint8Array(head.length + 4);
        input.set(head);
        new DataView(input.buffer).setUint32(head.length, start + i, false);
        return crypto.subtle.digest('SHA-256', input);
      }),
    );
    const found = digests.findIndex((digest) => toHex(new Uint8Array(digest)).startsWith(prefix));
    if (found >= 0) {
      const solution = { counter: start + found, derivedKey: toHex(new Uint8Array(digests[found]!).slice(0, keyLength)) };
      return btoa(JSON.stringify({ challenge, solution }));
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return undefined;
}

/** The latest challenge and its solution, worked out once, when first asked for. */
export function browserCheck(): { set(header: string | null): void; solution(): Promise<string | undefined> } {
  let header: string | null = null;
  let solving: Promise<string | undefined> | undefined;
  return {
    set(next) {
      if (next === null || next === header) return;
      header = next;
      solving = undefined;
    },
    solution() {
      if (!header) return Promise.resolve(undefined);
      solving ??= solve(header).catch(() => undefined);
      return solving;
    },
  };
}
