// The word lists' matching, table-driven: every list compared on the same skeleton, with the way it matched.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { countsAsRefused } from './limits.ts';
import { matchedBecause, matchedVia, wordMatches } from './word-lists.ts';

describe('matchedVia', () => {
  it.each([
    ['Kirkby again', 'kirkby', 'as_written'],
    ['KÍRKBY again', 'kirkby', 'as_written'],
    ['the Kirkby office', 'kirkby office', 'as_written'],
    ['Kirk\u200Bby again', 'kirkby', 'invisible'],
    ['Kirk\u00ADby again', 'kirkby', 'invisible'],
    ['K\u0456rkby again', 'kirkby', 'look_alike'],
    ['\u0441asino night', 'casino', 'look_alike'],
    ['Kirkbys again', 'kirkby', undefined],
    ['in this case', 'cas', undefined],
    ['nothing here', '  ', undefined],
  ] as const)('%j and %j', (text, entry, via) => expect(matchedVia(text, entry)).toBe(via));
});

describe('wordMatches', () => {
  const lists = { refusedWords: ['idiot'], heldWords: ['casino', 'idiot'], flaggedWords: ['kirkby, north', 'say "hi"'] };
  it('finds every entry of every list, refusals first, and says how', () => {
    expect(wordMatches('You \u0456diot, casino!', lists)).toEqual([
      { entry: 'idiot', action: 'refuse', via: 'look_alike' },
      { entry: 'casino', action: 'hold', via: 'as_written' },
      { entry: 'idiot', action: 'hold', via: 'look_alike' },
    ]);
    expect(wordMatches('In Kirkby, North we say "hi"', lists).map((m) => m.action)).toEqual(['flag', 'flag']);
    expect(wordMatches('Nothing to see', lists)).toEqual([]);
  });

  it('explains a match in a moderator’s words', () => {
    expect(matchedBecause({ entry: 'kirkby', via: 'as_written' })).toBe('matched “kirkby” as written (case and accents aside)');
    expect(matchedBecause({ entry: 'kirkby', via: 'look_alike' })).toContain('via look-alike letters');
    expect(matchedBecause({ entry: 'kirkby', via: 'invisible' })).toContain('invisible characters');
  });

  it('counts a refused word against the budget of refusals', () => {
    expect(countsAsRefused(new ApiError('refused_word', 'x'))).toBe(true);
  });
});
