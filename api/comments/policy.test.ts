import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings.ts';
import { countLinks, countRenderedLinks, decide, isReservedName, matchedHeldWord, type DecisionInput } from './policy.ts';

const now = new Date('2026-11-26T12:00:00Z');
const base: DecisionInput = {
  body: 'I agree with the post.',
  html: '<p>I agree with the post.</p>\n',
  post: { comments: 'open', published: new Date('2026-11-20T12:00:00Z') },
  settings: defaultSettings,
  identifying: [],
  confirmedIdentifying: false,
  isStaff: false,
  now,
};
const phone = { kind: 'phone', text: '07911 123456' } as const;
const days = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe('decide', () => {
  it.each<[string, Partial<DecisionInput>, string | undefined]>([
    ['an ordinary comment on an open post', {}, undefined],
    ['a moderated post', { post: { comments: 'moderated', published: days(1) } }, 'moderated'],
    ['hold all', { settings: { ...defaultSettings, holdMode: 'all' } }, 'All comments'],
    ['an old post when holding older than 14 days', { settings: { ...defaultSettings, holdMode: 'older_than' }, post: { comments: 'open', published: days(15) } }, 'older than 14 days'],
    ['a recent post when holding older than 14 days', { settings: { ...defaultSettings, holdMode: 'older_than' }, post: { comments: 'open', published: days(13) } }, undefined],
    ['an old post with holding off (the default)', { post: { comments: 'open', published: days(3000) } }, undefined],
    ['two links', { body: 'See https://a.example and https://b.example' }, undefined],
    ['three links', { body: 'https://a.example [b](https://b.example) www.c.example' }, 'More than 2 links'],
    // What the renderer made of `[a](https:e.example/1) [b](HTTPS:e.example/2) [c](//e.example/3)`.
    ['three links the source does not spell as addresses', { body: '[a](https:e.example/1) [b](HTTPS:e.example/2) [c](//e.example/3)', html: '<p><a href="https:e.example/1">a</a> <a href="HTTPS:e.example/2">b</a> <a href="//e.example/3">c</a></p>\n' }, 'More than 2 links'],
    ['a held word in Cyrillic look-alikes', { settings: { ...defaultSettings, heldWords: ['idiot'] }, body: 'What an \u0456diot' }, 'held word'],
    ['a held word', { settings: { ...defaultSettings, heldWords: ['casino'] }, body: 'Best CASINO deals' }, 'held word'],
    ['a held word inside another word', { settings: { ...defaultSettings, heldWords: ['cas'] }, body: 'In this case' }, undefined],
    ['staff on a moderated post', { isStaff: true, post: { comments: 'moderated', published: days(1) } }, undefined],
    ['a phone number sent anyway', { identifying: [phone], confirmedIdentifying: true }, 'May identify someone: phone number.'],
    ['a phone number sent anyway, on a moderated post: the reason moderators most need', { identifying: [phone], confirmedIdentifying: true, post: { comments: 'moderated', published: days(1) } }, 'May identify someone'],
    ['a phone number sent anyway when such comments are published', { identifying: [phone], confirmedIdentifying: true, settings: { ...defaultSettings, identifyingDetails: 'publish' } }, undefined],
    ['… and still held by what else holds it', { identifying: [phone], confirmedIdentifying: true, settings: { ...defaultSettings, identifyingDetails: 'publish', holdMode: 'all' } }, 'All comments'],
    ['staff with a phone number', { identifying: [phone], isStaff: true }, undefined],
    ['the box ticked with nothing found', { confirmedIdentifying: true }, undefined],
  ])('%s', (_, change, reason) => {
    const decision = decide({ ...base, ...change });
    if (reason === undefined) expect(decision).toEqual({ action: 'publish' });
    else expect(decision).toMatchObject({ action: 'hold', reason: expect.stringContaining(reason) });
  });

  it.each<[string, Partial<DecisionInput>]>([
    ['on an open post', {}],
    ['on a moderated post', { post: { comments: 'moderated', published: days(1) } }],
    ['when all comments are held', { settings: { ...defaultSettings, holdMode: 'all' } }],
    ['when such comments are published', { settings: { ...defaultSettings, identifyingDetails: 'publish' } }],
  ])('asks the writer first about an identifying detail %s', (_, change) => {
    expect(decide({ ...base, ...change, identifying: [phone] })).toEqual({ action: 'confirm', details: [phone] });
  });
});

describe('countRenderedLinks', () => {
  it.each([
    ['<p>no links here, not even &lt;a href="https://x.example"&gt;</p>', 0],
    ['<p><a href="https:e.example/1">a</a> and <a href="mailto:x@e.example">b</a></p>', 2],
    ['<p><A HREF="x">a</A><a\nhref="y">b</a><abbr>c</abbr></p>', 2],
    ['<p>As <a href="#c12">#1</a>, <a href="#c13">#2</a> and <a href="#c14">10:46</a> said: <a href="https://e.example/">this</a></p>', 1],
  ])('%j has %i', (html, n) => expect(countRenderedLinks(html)).toBe(n));
});

describe('countLinks', () => {
  it.each([
    ['no links here', 0],
    ['http://a.example https://b.example', 2],
    ['[x](https://a.example) and <https://b.example>', 2],
    ['write to mailto:a@b.example or www.c.example', 2],
  ])('%j has %i', (body, n) => expect(countLinks(body)).toBe(n));
});

describe('matchedHeldWord', () => {
  it.each([
    ['Visit the Casino', ['casino'], 'casino'],
    ['Visit the Cäsino', ['casino'], 'casino'],
    ['occasional', ['casino'], undefined],
    ['anything', [], undefined],
    ['you \u0456diot (Cyrillic i)', ['idiot'], 'idiot'],
    ['you \u0406DIOT (capital Cyrillic I)', ['idiot'], 'idiot'],
    ['you id\u200Biot (zero-width space)', ['idiot'], 'idiot'],
    ['you id\u00ADi\u00ADot (soft hyphens)', ['idiot'], 'idiot'],
    ['you i\u2060d\uFEFFiot (word joiner, BOM)', ['idiot'], 'idiot'],
    ['\u{1D422}\u{1D41D}\u{1D422}\u{1D428}\u{1D42D} (mathematical bold)', ['idiot'], 'idiot'],
    ['an idiom', ['idiot'], undefined],
    ['\u0441\u0430sino (Cyrillic c, a)', ['casino'], 'casino'],
  ])('%j', (body, words, match) => expect(matchedHeldWord(body, words)).toBe(match));
});

describe('isReservedName', () => {
  it.each([
    ['Moderator', true],
    ['moderator', true],
    ['M O D E R A T O R', true],
    ['Mödërator!', true],
    ['Blog-Administrator', true],
    ['Jim', false],
    ['', false],
  ])('%j is reserved: %s', (name, reserved) => expect(isReservedName(name, defaultSettings.reservedNames)).toBe(reserved));
});
