// Staff passwords: the length rules and Argon2id hashing (the OWASP minimum parameters).
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

export const minPasswordLength = 12;
export const maxPasswordLength = 256;

// The package declares its algorithms as a const enum, which type stripping cannot inline.
const argon2id: Algorithm = 2;

const hashOptions: Options = { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Why a password cannot be used, in words for its owner; undefined when it can. Lengths count characters, not bytes. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < minPasswordLength) return `A password needs at least ${minPasswordLength} characters.`;
  if (length > maxPasswordLength) return `A password can have at most ${maxPasswordLength} characters.`;
  if (password.trim() === '') return 'A password cannot be only spaces.';
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, hashOptions);
}

/** False for a wrong password and for a hash that is not a valid Argon2 string: never throws. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
