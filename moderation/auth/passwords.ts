// Staff passwords: length, a guessability estimate (zxcvbn with its common and English
// dictionaries: common passwords, words, names, keyboard patterns, dates) and Argon2id hashing
// (the OWASP minimum parameters).
import { createRequire } from 'node:module';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const minPasswordLength = 12;
export const maxPasswordLength = 256;

// The package declares its algorithms as a const enum, which type stripping cannot inline.
const argon2id: Algorithm = 2;

const hashOptions: Options = { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * zxcvbn's score: 3 means about 10^8 guesses or more ("safely unguessable" online, and months
 * against this Argon2id offline); 0–2 are common passwords, words with digits, names, patterns.
 */
const minPasswordScore = 3;

/** What passes, said the same way wherever a password is chosen. */
const strongPasswordAdvice = 'One that passes: four or more words picked at random (not a saying or a line from a song), or 16 characters from a password manager.';

let estimator: ZxcvbnFactory | undefined;
/**
 * Loaded on first use, not when the server or a command starts: the dictionaries take a quarter of
 * a second or more to read, and only choosing a password needs them.
 */
function strength(): ZxcvbnFactory {
  if (!estimator) {
    const require = createRequire(import.meta.url);
    const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    const english = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
    estimator = new Factory({ translations: english.translations, graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary, ...english.dictionary } });
  }
  return estimator;
}

/**
 * Why a password cannot be used, in words for its owner; undefined when it can. Lengths count
 * characters, not bytes. `userInputs` (the account's name) count as known to an attacker.
 */
export function passwordProblem(password: string, userInputs: readonly string[] = []): string | undefined {
  const length = [...password].length;
  if (length < minPasswordLength) return `A password needs at least ${minPasswordLength} characters. ${strongPasswordAdvice}`;
  if (length > maxPasswordLength) return `A password can have at most ${maxPasswordLength} characters.`;
  if (password.trim() === '') return 'A password cannot be only spaces.';
  const estimate = strength().check(password, [...userInputs]);
  if (estimate.score < minPasswordScore) {
    const why = estimate.feedback.warning ? ` ${estimate.feedback.warning.replace(/\.?$/, '.')}` : '';
    return `This password is too easy to guess.${why} ${strongPasswordAdvice}`;
  }
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
