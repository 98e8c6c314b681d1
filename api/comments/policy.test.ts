import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings.ts';
import { countLinks, decide, isReservedName, matchedHeldWord, type DecisionInput } from './policy.ts';

const now = new Date('2026-11-26T12:00:00Z');
const base: DecisionInput = {
  body: 'I agree with the post.',
  post: { comments: 'open', published: new Date('2026-11-20T12:00:00Z') },
  settings: defaultSettings,
  isStaff: false,
  now,
};
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
    ['a held word', { settings: { ...defaultSettings, heldWords: ['casino'] }, body: 'Best CASINO deals' }, 'held word'],
    ['a held word inside another word', { settings: { ...defaultSettings, heldWords: ['cas'] }, body: 'In this case' }, undefined],
    ['staff on a moderated post', { isStaff: true, post: { comments: 'moderated', published: days(1) } }, undefined],
  ])('%s', (_, change, reason) => {
    const decision = decide({ ...base, ...change });
    if (reason === undefined) expect(decision).toEqual({ action: 'publish' });
    else expect(decision).toMatchObject({ action: 'hold', reason: expect.stringContaining(reason) });
  });
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
