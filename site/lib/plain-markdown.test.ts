import { describe, expect, it } from 'vitest';
import { isPlainMarkdown, markdownBody } from './plain-markdown.ts';

describe('isPlainMarkdown', () => {
  it.each([
    ['Plain **text** with a [link](https://example.org) and a list:\n\n- one\n- two', true],
    ['| a | b |\n|---|---|\n| 1 | 2 |', true],
    ['> a quote\n\n## Heading', true],
    ['```\ncode\n```', true],
    ['<PullQuote>Said</PullQuote>', false],
    ['Text with an expression {1 + 1}', false],
    ['Autolink <https://example.org>', false],
    ["import X from './x.astro';\n\nText", false],
    ['export const meta = 1;\n\nText', false],
    ['Para\n\n    indented code', false],
    ['Para\n\n\ttabbed code', false],
    ['An HTML comment <!-- no -->', false],
  ])('%j -> %s', (body, plain) => expect(isPlainMarkdown(body)).toBe(plain));
});

describe('markdownBody', () => {
  it.each([
    ['---\ntitle: "A"\n---\n\nBody', '\nBody'],
    ['---\r\ntitle: "A"\r\n---\r\nBody', 'Body'],
    ['No frontmatter', 'No frontmatter'],
  ])('%j', (source, body) => expect(markdownBody(source)).toBe(body));
});
