// What counts as an identifying detail, found in a comment's source and in what the renderer made
// of it; and the ordinary prose of a thread (times, numbers, money) that must never be taken for one.
import { describe, expect, it } from 'vitest';
import { findIdentifyingDetails, identifyingMessage, identifyingReason, isProfileAddress, type IdentifyingDetail } from './identifying.ts';

const find = (body: string, html = '', words: string[] = []) => findIdentifyingDetails(body, html, words);

describe('findIdentifyingDetails finds', () => {
  it.each<[string, string, IdentifyingDetail[]]>([
    ['an email address', 'Write to jim.smith+work@example.co.uk if you want.', [{ kind: 'email', text: 'jim.smith+work@example.co.uk' }]],
    ['a UK mobile', 'My mobile is 07911 123456.', [{ kind: 'phone', text: '07911 123456' }]],
    ['a UK landline', 'Ring the office on 020 7946 0958', [{ kind: 'phone', text: '020 7946 0958' }]],
    ['a landline with brackets', 'call (0161) 4960000 today', [{ kind: 'phone', text: '(0161) 4960000' }]],
    ['a UK number in international form', 'or +44 20 7946 0958 from abroad', [{ kind: 'phone', text: '+44 20 7946 0958' }]],
    ['an American number', 'my cousin on +1 (202) 555-0173', [{ kind: 'phone', text: '+1 (202) 555-0173' }]],
    ['a French number', 'Appelez +33 1 23 45 67 89', [{ kind: 'phone', text: '+33 1 23 45 67 89' }]],
    ['a postcode', 'Our office is at LS1 4AP, by the station.', [{ kind: 'postcode', text: 'LS1 4AP' }]],
    ['a London postcode without its space', 'near SW1A1AA', [{ kind: 'postcode', text: 'SW1A1AA' }]],
    ['a postcode in small letters', 'we moved to m1 5gd last year', [{ kind: 'postcode', text: 'm1 5gd' }]],
    ['an x.com profile without its scheme', 'follow me: x.com/jimsmith.', [{ kind: 'social', text: 'x.com/jimsmith' }]],
    ['a Twitter link in Markdown', 'see [my feed](https://twitter.com/jimsmith)', [{ kind: 'social', text: 'https://twitter.com/jimsmith' }]],
    ['a Facebook profile', 'https://www.facebook.com/profile.php?id=1000123', [{ kind: 'social', text: 'https://www.facebook.com/profile.php?id=1000123' }]],
    ['a LinkedIn profile', 'https://uk.linkedin.com/in/jim-smith-123', [{ kind: 'social', text: 'https://uk.linkedin.com/in/jim-smith-123' }]],
    ['an Instagram profile', 'instagram.com/jim.smith', [{ kind: 'social', text: 'instagram.com/jim.smith' }]],
    ['a TikTok profile', 'https://www.tiktok.com/@jimsmith', [{ kind: 'social', text: 'https://www.tiktok.com/@jimsmith' }]],
    ['a Threads profile', 'https://www.threads.net/@jimsmith', [{ kind: 'social', text: 'https://www.threads.net/@jimsmith' }]],
    ['a Bluesky profile', 'https://bsky.app/profile/jimsmith.bsky.social', [{ kind: 'social', text: 'https://bsky.app/profile/jimsmith.bsky.social' }]],
    ['a Mastodon profile', 'https://mastodon.social/@jimsmith', [{ kind: 'social', text: 'https://mastodon.social/@jimsmith' }]],
    ['a fediverse handle', 'I am @jimsmith@mastodon.social there', [{ kind: 'social', text: '@jimsmith@mastodon.social' }]],
    ['a YouTube channel', 'https://www.youtube.com/@jimsmith', [{ kind: 'social', text: 'https://www.youtube.com/@jimsmith' }]],
    ['several, in the order written', 'Me: 07911 123456 or jim@example.com', [{ kind: 'phone', text: '07911 123456' }, { kind: 'email', text: 'jim@example.com' }]],
  ])('%s', (_, body, expected) => {
    expect(find(body)).toEqual(expected);
  });

  it('a listed word, compared like a held word (case, accents, look-alike letters)', () => {
    const words = ['Kirkby office', 'Bootle'];
    expect(find('I work at the KIRKBY Office', '', words)).toEqual([{ kind: 'word', text: 'Kirkby office' }]);
    expect(find('Everyone in B\u043E\u043Etle knows', '', words)).toEqual([{ kind: 'word', text: 'Bootle' }]);
    expect(find('From Bootle to the Kirkby office', '', words).map((d) => d.text).sort()).toEqual(['Bootle', 'Kirkby office']);
    expect(find('Bootles are boots', '', words)).toEqual([]);
  });

  it('what only the rendered comment spells out: character references, and where a link goes', () => {
    // `jim&#64;example.com` in the source shows as jim@example.com; a link's text hides its target.
    expect(find('jim&#64;example.com', '<p>jim@example.com</p>\n')).toEqual([{ kind: 'email', text: 'jim@example.com' }]);
    expect(find('[my page](https://x&#46;com/jimsmith)', '<p><a href="https://x.com/jimsmith" rel="nofollow ugc noopener">my page</a></p>\n')).toEqual([{ kind: 'social', text: 'https://x.com/jimsmith' }]);
  });

  it('each detail once, however often the source and the rendering show it', () => {
    const body = 'Mail [jim@example.com](mailto:jim@example.com) or jim@example.com';
    const html = '<p>Mail <a href="mailto:jim@example.com">jim@example.com</a> or <a href="mailto:jim@example.com">jim@example.com</a></p>\n';
    expect(find(body, html)).toEqual([{ kind: 'email', text: 'jim@example.com' }]);
  });
});

describe('findIdentifyingDetails leaves ordinary prose alone', () => {
  it.each([
    ['a reader named by time', 'Anon 10:46 is right, and so is Anon 9.25.'],
    ['thread numbers', 'See 12.1 and 2.2, and #12 above; 3.1.4 too.'],
    ['years and ranges', 'From 1999 to 2003, then 2014-2016, and in the 2019/20 budget.'],
    ['money', 'They cut £300,000 from a £1,250,000.50 budget, about $4.5m.'],
    ['counts', '300 comments, 1,024 volunteers and 12345 signatures.'],
    ['dates', 'On 20/04/2014 at 13:58, and on 2014-04-20.'],
    ['a blog header', 'Anonymous 20 April 2014 13:58'],
    ['an address of a reader', '@Anon 10:46 I agree with you.'],
    ['road names and ordinals', 'Take the A1 2nd exit, then the M62 to junction 27.'],
    ['a fictional number (Ofcom’s drama range)', 'Call 07700 900123 in the play.'],
    ['a reference with a number’s digits', 'The CQC report, ref 1-234567890, and case 1234567890.'],
    ['links that are not profiles', 'https://www.gov.uk/guidance/x and https://x.com/search?q=cuts and https://www.facebook.com/sharer.php?u=1 and https://www.linkedin.com/company/acme and https://www.youtube.com/watch?v=abc'],
    ['a web address alone', 'It is on befriend.example and www.example.org.'],
    ['a reference to a thread in a path', 'see /posts/2014/04/cuts#c12'],
  ])('%s', (_, body) => {
    expect(find(body)).toEqual([]);
  });
});

describe('isProfileAddress', () => {
  it.each([
    ['https://x.com/jim/status/123', true],
    ['https://mobile.twitter.com/jim', true],
    ['https://m.facebook.com/jim.smith', true],
    ['https://fb.com/jim.smith', true],
    ['https://www.threads.com/@jim', true],
    ['https://www.reddit.com/user/jim', true],
    ['https://medium.com/@jim/a-post', true],
    ['https://x.com/', false],
    ['https://x.com/home', false],
    ['https://instagram.com/p/Cx12ab', false],
    ['https://linkedin.com/in/', false],
    ['https://bsky.app/', false],
    ['https://example.org/@', false],
    ['https://[not an address', false],
  ])('%s: %s', (address, profile) => expect(isProfileAddress(address)).toBe(profile));
});

describe('the words for it', () => {
  const phone = { kind: 'phone', text: '07911 123456' } as const;
  const email = { kind: 'email', text: 'jim@example.com' } as const;
  it('names what was found by kind, and what sending it anyway does', () => {
    expect(identifyingMessage([phone, email], 'held')).toBe('This comment contains a phone number and an email address: they could identify you or a colleague. Edit them out, or send it anyway and a moderator will read it first.');
    expect(identifyingMessage([phone], 'published')).toBe('This comment contains a phone number: it could identify you or a colleague. Edit it out, or send it anyway if you are sure.');
    expect(identifyingMessage([phone, { kind: 'phone', text: '020 7946 0958' }, { kind: 'word', text: 'Kirkby' }], 'held')).toContain('phone numbers and a name that could point to a place or a person (“Kirkby”)');
  });

  it('gives moderators the reason it waits', () => {
    expect(identifyingReason([phone, email, phone])).toBe('May identify someone: phone number, email address.');
    expect(identifyingReason([{ kind: 'word', text: 'Kirkby' }])).toBe('May identify someone: listed word (“Kirkby”).');
  });
});
