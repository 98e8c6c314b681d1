import { describe, expect, it } from 'vitest';
import { localMinute } from '../../site/lib/dates.ts';
import { linkReferences, type ReferenceTarget } from './references.ts';

const timeZone = 'Europe/London';
const anon = { name: 'Anonymous', kind: 'anonymous' as const };
const named = { name: 'Jim', kind: 'named' as const };

/** A thread on 1 and 2 December 2026 (London is on UTC then). */
const thread: ReferenceTarget[] = ([
  { id: 101, number: '1', createdAt: '2026-12-01T10:46:00Z', status: 'published', author: anon },
  { id: 102, number: '1.1', createdAt: '2026-12-01T11:02:00Z', status: 'published', author: named },
  { id: 103, number: '2', createdAt: '2026-12-02T09:25:00Z', status: 'published', author: anon },
  { id: 104, number: '3', createdAt: '2026-12-02T10:13:00Z', status: 'removed_by_author', author: null },
  { id: 105, number: '4', createdAt: '2026-12-02T11:02:00Z', status: 'published', author: anon },
  { id: 106, number: '12', createdAt: '2026-12-02T12:00:00Z', status: 'published', author: named },
  { id: 107, number: '12.1', createdAt: '2026-12-02T12:30:00Z', status: 'published', author: anon },
  { id: 108, number: '13', createdAt: '2026-12-02T20:00:00Z', status: 'published', author: named },
] as Omit<ReferenceTarget, 'localTime'>[]).map((c) => ({ ...c, localTime: localMinute(new Date(c.createdAt), timeZone) }));
const now = Date.parse('2026-12-02T15:00:00Z');
const link = (html: string, context: Partial<Parameters<typeof linkReferences>[2]> = {}) => linkReferences(html, thread, { now, timeZone, ...context });

describe('linkReferences', () => {
  it.each([
    ['a unique time', '<p>Anon 10:46 is right</p>', '<p><a href="#c101">Anon 10:46</a> is right</p>'],
    ['"@ 00:25"-style, with the space', '<p>@ 09:25 quite so</p>', '<p><a href="#c103">@ 09:25</a> quite so</p>'],
    ['a time from an earlier day, written with a colon', '<p>back at 10:46, you said</p>', '<p>back at <a href="#c101">10:46</a>, you said</p>'],
    ['a dotted time of that day', '<p>9.25 o take that back</p>', '<p><a href="#c103">9.25</a> o take that back</p>'],
    ['a dotted time of another day stays text', '<p>10.46 is when</p>', '<p>10.46 is when</p>'],
    ['a time two comments share is ambiguous', '<p>11:02 who?</p>', '<p>11:02 who?</p>'],
    ['"Anon" narrows a shared time to anonymous comments', '<p>Anon 11:02 yes</p>', '<p><a href="#c105">Anon 11:02</a> yes</p>'],
    ['two references in a row', '<p>Anon 10:13 and 11:45</p>', '<p><a href="#c104">Anon 10:13</a> and 11:45</p>'],
    ['a removed comment is still what it pointed to', '<p>10:13 was out of order</p>', '<p><a href="#c104">10:13</a> was out of order</p>'],
    ['am and pm', '<p>9.25am and 12.30pm</p>', '<p><a href="#c103">9.25am</a> and <a href="#c107">12.30pm</a></p>'],
    ['"#" and a number', '<p>#12 and #12.1 and #1.1</p>', '<p><a href="#c106">#12</a> and <a href="#c107">#12.1</a> and <a href="#c102">#1.1</a></p>'],
    ['a dotted thread number', '<p>12.1 has it</p>', '<p><a href="#c107">12.1</a> has it</p>'],
    ['an unknown number stays text', '<p>#99 and 7.3</p>', '<p>#99 and 7.3</p>'],
    ['a later comment is not meant', '<p>#13 and 20:00</p>', '<p>#13 and 20:00</p>'],
    ['money, percentages and versions stay text', '<p>£12.10 or 12.1% or v12.1 or 12.1.7</p>', '<p>£12.10 or 12.1% or v12.1 or 12.1.7</p>'],
    ['inside a link or code, nothing changes', '<p><a href="https://example.org/">#12</a> <code>10:46</code></p><pre><code>#12\n</code></pre>', '<p><a href="https://example.org/">#12</a> <code>10:46</code></p><pre><code>#12\n</code></pre>'],
    ['a time in an attribute is not text', '<p><a href="https://example.org/10:46">x</a> 10:46</p>', '<p><a href="https://example.org/10:46">x</a> <a href="#c101">10:46</a></p>'],
  ])('%s', (_name, html, expected) => {
    expect(link(html)).toBe(expected);
  });

  it('"9.25" that is both a time and a thread number is ambiguous', () => {
    const withNumber: ReferenceTarget[] = [...thread, { id: 109, number: '9.25', createdAt: '2026-12-01T08:00:00Z', localTime: '2026-12-01T08:00', status: 'published', author: anon }];
    expect(linkReferences('<p>9.25 eh</p>', withNumber, { now, timeZone })).toBe('<p>9.25 eh</p>');
  });

  it('an edited comment does not point to itself', () => {
    expect(link('<p>#12.1</p>', { self: 107 })).toBe('<p>#12.1</p>');
  });

  it('reads times on the blog’s clocks, as the thread shows them', () => {
    // 10:46 UTC is 11:46 in Paris.
    const paris = thread.map((c) => ({ ...c, localTime: localMinute(new Date(c.createdAt), 'Europe/Paris') }));
    expect(linkReferences('<p>11:46 and 10:46</p>', paris, { now, timeZone: 'Europe/Paris' })).toBe('<p><a href="#c101">11:46</a> and 10:46</p>');
  });
});
