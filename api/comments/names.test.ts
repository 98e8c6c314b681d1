import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings.ts';
import { cleanName, cleanText } from './clean-text.ts';
import { isReservedName, looksLike, skeleton } from './names.ts';

const staff = [...defaultSettings.reservedNames, 'Edith', 'Mo', 'Ali'];

describe('isReservedName: staff names and their look-alikes', () => {
  it.each([
    ['Edith', true],
    ['EDITH', true],
    ['E d i t h', true],
    ['Edìth', true],
    ['Ed\u0456th (Cyrillic i)', false], // the note in brackets is not a staff word
    ['Ed\u0456th', true],
    ['M\u043E', true], // Cyrillic o
    ['M0', true],
    ['\u041C\u043E', true], // both Cyrillic
    ['Ｅｄｉｔｈ', true], // full width
    ['\u{1D404}\u{1D41D}\u{1D422}\u{1D42D}\u{1D421}', true], // mathematical bold
    ['Ed\u200Bith', true], // zero-width space
    ['Ed\u00ADith', true], // soft hyphen
    ['Ed\u202Eith', true], // right-to-left override inside
    ['\u2066Edith\u2069', true], // isolates
    ['AIi', true], // capital i for the small L of Ali
    ['A|i', true],
    // A staff name with words that only make it look official.
    ['Edith Staff', true],
    ['Edith (staff)', true],
    ['Staff: Edith', true],
    ['EdithModerator', true],
    ['The Editor, Edith', true],
    ['Edith - Admin', true],
    ['Mo Mod', true],
    ['Real Edith', true],
    ['Admin Team', true],
    ['Moderators', true],
    ["Edith's", true],
    ['Blog-Administrator', true],
    // Other people.
    ['Edith Smith', false],
    ['Editha', false],
    ['Meredith', false],
    ['Mona', false],
    ['Tom', false],
    ['Alison', false],
    ['Jim', false],
    ['', false],
    ['\u200B\u202E', false],
  ])('%j: %s', (name, reserved) => expect(isReservedName(name, staff)).toBe(reserved));
});

describe('looksLike', () => {
  it.each([
    ['Anonymous', 'anonymous', true],
    ['\u0410nonym\u043Eus', 'Anonymous', true],
    ['Anonyrnous', 'Anonymous', true], // r n for m
    ['Anonymous Coward', 'Anonymous', false],
    ['Zoë Quinn', 'zoe quinn', true],
    ['Zoe Quinn', 'Zed Quinn', false],
  ])('%j and %j: %s', (a, b, alike) => expect(looksLike(a, b)).toBe(alike));
});

describe('skeleton', () => {
  it('maps look-alike letters to one prototype and drops what cannot be seen', () => {
    expect(skeleton('\u0456d\u200Bi\u00ADot')).toBe(skeleton('idiot'));
    expect(skeleton('\u0441\u0430sino')).toBe(skeleton('casino'));
  });
});

describe('cleanText and cleanName', () => {
  it.each([
    ['bell\u0007 escape\u001B noncharacter\uFFFE\uFDD0 C1\u0085\u009B end', 'bell escape noncharacter C1 end'],
    ['line one\r\nline two\rline three\n\ttabbed', 'line one\nline two\nline three\n\ttabbed'],
    ['lone \uD800 surrogate', 'lone \uFFFD surrogate'],
    ['emoji 👩‍💻 and \u202Eright-to-left\u202C kept in text', 'emoji 👩‍💻 and \u202Eright-to-left\u202C kept in text'],
  ])('cleanText(%j)', (text, clean) => expect(cleanText(text)).toBe(clean));

  it.each([
    ['  Ed\u200Bi\u00ADth  \u0007 ', 'Edith'],
    ['\u202Ehtide', 'htide'],
    ['Jo\u2066\u2067\u2068\u2069\u200E\u200F\u061C Bloggs', 'Jo Bloggs'],
    ['two\nlines\tand   spaces', 'two lines and spaces'],
  ])('cleanName(%j)', (name, clean) => expect(cleanName(name)).toBe(clean));
});
