import { describe, expect, it } from 'vitest';
import { checkSafeMdx } from './safe-mdx.ts';

describe('the desk’s subset of MDX', () => {
  it('allows Markdown, the site’s components with text attributes, and a few inline elements', () => {
    const body = '# A heading\n\nSome *text*, **bold**, <b>old bold</b>, <i>old italic</i> and a [link](https://example.org/) and [another](/2026/11/x/).\n\n> A quote\n\n<PullQuote cite="A reader">Lifted.</PullQuote>\n\n<Contribution from="a volunteer" received="2026-01-31">\nSent in.\n</Contribution>\n\n<RemovedAtAuthorsRequest removed="2026-02-01" />\n\n![A photo](/images/abc.webp)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nA brace: \\{ not code \\}';
    expect(checkSafeMdx(body)).toEqual([]);
  });

  it('refuses what runs or loads, by line and column', () => {
    expect(checkSafeMdx('Fine\n\nexport const x = 1')).toMatchObject([{ line: 3, column: 1, message: expect.stringContaining('import and export') }]);
    expect(checkSafeMdx('a {1 + 1} b')).toMatchObject([{ line: 1, column: 3 }]);
    expect(checkSafeMdx('<iframe src="https://x.example"></iframe>')[0]!.message).toContain('<iframe> is not allowed');
    expect(checkSafeMdx('<img src="https://x.example/p.gif" />')[0]!.message).toContain('<img> is not allowed');
    expect(checkSafeMdx('<PullQuote cite="a" style="x">q</PullQuote>')[0]!.message).toContain('has no attribute "style"');
    expect(checkSafeMdx('<b {...props}>x</b>')[0]!.message).toContain('spread');
    expect(checkSafeMdx('<>x</>')[0]!.message).toContain('fragment');
    expect(checkSafeMdx('[x](data:text/html,hi)')[0]!.message).toContain('not allowed');
    expect(checkSafeMdx('![x](//cdn.example/p.png)')[0]!.message).toContain('another site');
  });

  it('counts lines from where the body starts in its file', () => {
    expect(checkSafeMdx('{x}', 7)).toMatchObject([{ line: 7 }]);
  });
});
