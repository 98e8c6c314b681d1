import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.ts';

const withCode = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...extra });

describe('isDatabaseUnavailable', () => {
  it.each([
    [withCode('SQLITE_BUSY'), true],
    [withCode('SQLITE_ERROR', { extendedCode: 'SQLITE_FULL' }), true],
    [withCode('SQLITE_READONLY_DBMOVED'), true],
    [withCode('SERVER_ERROR'), true],
    [Object.assign(new TypeError('fetch failed'), { cause: withCode('ECONNREFUSED') }), true],
    [withCode('unavailable'), true],
    [withCode('SQLITE_CONSTRAINT_UNIQUE'), false],
    [withCode('SQLITE_ERROR'), false],
    [new Error('a bug'), false],
    [undefined, false],
  ])('%s → %s', (error, expected) => expect(isDatabaseUnavailable(error)).toBe(expected));
});
