// Random tokens for sessions, feeds and setup links, and the SHA-256 that is all the database keeps.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** `byteLength` random bytes as lowercase base32 without padding (8 characters per 5 bytes). */
export function randomToken(byteLength: number): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(byteLength)));
}

/** The pattern of a token made by `randomToken(byteLength)`. */
export function tokenPattern(byteLength: number): RegExp {
  return new RegExp(`^[a-z2-7]{${Math.ceil((byteLength * 8) / 5)}}$`);
}

export function sha256Bytes(text: string): Uint8Array {
  return sha256(new TextEncoder().encode(text));
}

export function sha256Hex(text: string): string {
  return encodeHexLowerCase(sha256Bytes(text));
}
