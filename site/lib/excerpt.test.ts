import { describe, expect, it } from 'vitest';
import { excerpt, opening, plainText } from './excerpt.ts';

describe('plainText', () => {
  it.each([
    ['Hello **world** and _you_', 'Hello world and you'],
    ['## A heading\n\nText', 'A heading Text'],
    ['> quoted\n> more', 'quoted more'],
    ['- one\n- two\n1. three', 'one two three'],
    ['A [link](https://example.org) here', 'A link here'],
    ['An image ![alt](/x.png) gone', 'An image gone'],
    ['<PullQuote cite="X">Said it</PullQuote>', 'Said it'],
    ['<Contribution from="a reader">\n\nBody\n\n</Contribution>', 'Body'],
    ['Editor\n\n<RemovedAtAuthorsRequest removed="2023-06-02" />', 'Editor'],
    ["import X from './x.astro';\n\nText", 'Text'],
    ['| a | b |\n|---|---|\n| 1 | 2 |', 'a b 1 2'],
    ['`code` and ~~gone~~', 'code and gone'],
    ['```\nconst x = 1;\n```\nAfter', 'After'],
    ['__strong__ and _em_, (_in brackets_)', 'strong and em, (in brackets)'],
    ['snake_case_name and a_few_italic_words stay', 'snake_case_name and a_few_italic_words stay'],
    ['<div><p>Tom &amp; Jerry&rsquo;s &#8220;plot&#8221;&nbsp;&mdash; &lt;b&gt;not bold&lt;/b&gt;</p></div>', 'Tom & Jerry’s “plot” — <b>not bold</b>'],
    ['Caf&eacute; &#x2014; na&iuml;ve', 'Café — naïve'],
    ['<div class="separator"><a href="https://bp.blogspot.com/s1600/x.jpg">[Image: The garden]</a></div><p>First words.</p>', 'First words.'],
    ['<p><a href="https://img.example/y.png" class="imported-image">[Image: y.png]</a> Then words.</p>', 'Then words.'],
  ])('%j', (source, expected) => expect(plainText(source)).toBe(expected));
});

describe('excerpt', () => {
  it('keeps short texts whole', () => expect(excerpt('One two three.', 5)).toBe('One two three.'));
  it('cuts at a word boundary with an ellipsis, dropping trailing punctuation', () => {
    expect(excerpt('One, two, three, four, five.', 3)).toBe('One, two, three…');
  });
});

describe('opening', () => {
  const long = Array.from({ length: 400 }, (_, i) => `Word${i}`).join(' ');
  it.each([
    ['**Short** text', 'Short text'],
    [`${long}\n\nMore`, Array.from({ length: 56 }, (_, i) => `Word${i}`).join(' ')],
    [`${'Para one two three. '.repeat(300)}\n\nNext`, 'Para one two three. '.repeat(14).trim()],
  ])('keeps the first 56 words (%#)', (source, expected) => expect(opening(source)).toBe(expected));

  it('decodes character references once: an escaped ampersand stays one', () => {
    const source = '<p>Write &amp;amp; to show &amp;, and &amp;lt;b&amp;gt; to show &lt;b&gt;.</p>';
    expect(excerpt(source)).toBe('Write &amp; to show &, and &lt;b&gt; to show <b>.');
    expect(excerpt(opening(source))).toBe(excerpt(source));
  });

  it('gives the same excerpt as the whole source', () => {
    const source = `## Heading\n\n${'A sentence with *emphasis* and a [link](/x/). '.repeat(200)}\n\n> quote`;
    expect(excerpt(opening(source))).toBe(excerpt(source));
  });
});
