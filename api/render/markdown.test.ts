import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderCommentHtml, RenderRefusedError, sanitizeCommentHtml } from './markdown.ts';
import { htmlPayloads, markdownPayloads } from '../../tests/fixtures/xss-payloads.ts';

const rel = 'rel="nofollow ugc noopener noreferrer"';
const allowedTags = new Set(['p', 'br', 'hr', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']);
const allowedSchemes = new Set(['http:', 'https:', 'mailto:']);

describe('renderCommentHtml: the Markdown subset', () => {
  it.each([
    ['a paragraph', 'Hello there', '<p>Hello there</p>\n'],
    ['paragraphs', 'one\n\ntwo', '<p>one</p>\n<p>two</p>\n'],
    ['a new line is a line break', 'one\ntwo', '<p>one<br>two</p>\n'],
    ['emphasis and strong', '*soft* _soft_ **loud** __loud__', '<p><em>soft</em> <em>soft</em> <strong>loud</strong> <strong>loud</strong></p>\n'],
    ['strikethrough', '~~gone~~', '<p><del>gone</del></p>\n'],
    ['inline code', '`a < b && c`', '<p><code>a &lt; b &amp;&amp; c</code></p>\n'],
    ['a fenced code block, language dropped', '```js\nif (a < b) run();\n```', '<pre><code>if (a &lt; b) run();\n</code></pre>\n'],
    ['an empty code block shows nothing, not a blank line', 'before\n\n```\n```\n\n~~~js\n\n  \n~~~\n\nafter', '<p>before</p>\n<p>after</p>\n'],
    ['an indented code block', '    <b>kept as text</b>', '<pre><code>&lt;b&gt;kept as text&lt;/b&gt;\n</code></pre>\n'],
    ['a quote of a quote', '> > first\n>\n> second\n\nreply', '<blockquote>\n<blockquote>\n<p>first</p>\n</blockquote>\n<p>second</p>\n</blockquote>\n<p>reply</p>\n'],
    ['lists', '- one\n- two\n  1. a\n  2. b', '<ul>\n<li>one</li>\n<li>two<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n</li>\n</ul>\n'],
    ['an ordered list loses its start (no attributes but href and rel)', '3. three\n4. four', '<ol>\n<li>three</li>\n<li>four</li>\n</ol>\n'],
    ['a task list item keeps its box as text', '- [ ] to do\n- [x] done', '<ul>\n<li>[ ] to do</li>\n<li>[x] done</li>\n</ul>\n'],
    ['a rule', 'above\n\n***\n\nbelow', '<p>above</p>\n<hr>\n<p>below</p>\n'],
    ['a link, its title dropped', '[the post](https://example.org/a?b=1&c=2 "Title")', `<p><a href="https://example.org/a?b=1&amp;c=2" ${rel}>the post</a></p>\n`],
    ['a link with a character reference', '[x](https://example.org/?a=1&amp;b=2)', `<p><a href="https://example.org/?a=1&amp;b=2" ${rel}>x</a></p>\n`],
    ['a reference link', '[the post][1]\n\n[1]: https://example.org/post', `<p><a href="https://example.org/post" ${rel}>the post</a></p>\n`],
    ['an autolink', '<https://example.org>', `<p><a href="https://example.org/" ${rel}>https://example.org</a></p>\n`],
    ['a bare web address', 'see www.example.org', `<p>see <a href="http://www.example.org/" ${rel}>www.example.org</a></p>\n`],
    ['an e-mail address', 'write to help@example.org', `<p>write to <a href="mailto:help@example.org" ${rel}>help@example.org</a></p>\n`],
    ['a mailto link', '[write](mailto:help@example.org)', `<p><a href="mailto:help@example.org" ${rel}>write</a></p>\n`],
    ['a relative link is unwrapped', '[the post](/2021/02/losing-the-plot/)', '<p>the post</p>\n'],
    ['an ftp link is unwrapped', '[files](ftp://example.org/)', '<p>files</p>\n'],
    ['a heading is a plain paragraph', '# A *big* title', '<p>A <em>big</em> title</p>\n'],
    ['a setext heading is a plain paragraph', 'Title\n=====', '<p>Title</p>\n'],
    ['an image is shown as written', '![a cat](https://example.org/cat.png)', '<p>![a cat](https://example.org/cat.png)</p>\n'],
    ['an image inside a link', '[![a cat](https://example.org/cat.png)](https://example.org/)', `<p><a href="https://example.org/" ${rel}>![a cat](https://example.org/cat.png)</a></p>\n`],
    ['Blogger\'s <b> and <i> are strong and emphasis', 'a <b>bold</b> and <I>slanted</I> move', '<p>a <strong>bold</strong> and <em>slanted</em> move</p>\n'],
    ['<em> and <strong> as written', '<strong>loud</strong> <em>soft</em>', '<p><strong>loud</strong> <em>soft</em></p>\n'],
    ['Blogger\'s <a href>', 'see <a href="https://example.org/x?a=1&amp;b=2">this</a>', `<p>see <a href="https://example.org/x?a=1&amp;b=2" ${rel}>this</a></p>\n`],
    ['<a href> with single quotes or none', "<a href='https://example.org/'>one</a> <a href=https://example.org/two>two</a>", `<p><a href="https://example.org/" ${rel}>one</a> <a href="https://example.org/two" ${rel}>two</a></p>\n`],
    ['<a href> to a script is text only', '<a href="javascript:alert(1)">click</a>', '<p>click</p>\n'],
    ['<a> with any other attribute stays text', '<a href="https://example.org/" onclick="x()">hi</a>', `<p>&lt;a href="<a href="https://example.org/" ${rel}>https://example.org/</a>" onclick="x()"&gt;hi</p>\n`],
    ['a forgotten </b> ends with its paragraph', '<b>loud\n\nquiet', '<p><strong>loud</strong></p>\n<p>quiet</p>\n'],
    ['a forgotten </i> ends with its list item', '- <i>one\n- two', '<ul>\n<li><em>one</em></li>\n<li>two</li>\n</ul>\n'],
    ['crossed tags close in order; a stray closer says nothing', '<b>a <i>b</b> c</i> d</b>', '<p><strong>a <em>b</em></strong> c d</p>\n'],
    ['any other tag is text', 'a <span>x</span> <img src=x onerror=alert(1)> <u>u</u>', '<p>a &lt;span&gt;x&lt;/span&gt; &lt;img src=x onerror=alert(1)&gt; &lt;u&gt;u&lt;/u&gt;</p>\n'],
    ['block raw HTML is text, Markdown inside still works', '<div>\n*hi*\n</div>', '<p>&lt;div&gt;<br><em>hi</em><br>&lt;/div&gt;</p>\n'],
    ['an HTML comment is text', '<!-- hidden -->', '<p>&lt;!-- hidden --&gt;</p>\n'],
    ['a table is shown as written', '| a | b |\n| - | - |\n| 1 | 2 |', '<p>| a | b |<br>| - | - |<br>| 1 | 2 |</p>\n'],
    ['character references', 'AT&amp;T &copy; &lt;3', '<p>AT&amp;T © &lt;3</p>\n'],
    ['an empty body', '', ''],
  ])('%s', (_name, source, expected) => {
    expect(renderCommentHtml(source)).toBe(expected);
  });
});

const { document } = new JSDOM('').window;

/** Every way an element or attribute could run script or leak readers, checked on the parsed HTML. */
function expectSafe(html: string): void {
  // Parsed as it will be shown: inside an element of the page.
  const host = document.createElement('div');
  host.innerHTML = html;
  for (const element of host.querySelectorAll('*')) {
    expect(element.namespaceURI, element.outerHTML).toBe('http://www.w3.org/1999/xhtml');
    expect(allowedTags, element.outerHTML).toContain(element.localName);
    const names = element.getAttributeNames();
    expect(names.filter((name) => name.toLowerCase().startsWith('on')), element.outerHTML).toEqual([]);
    if (element.localName !== 'a') {
      expect(names, element.outerHTML).toEqual([]);
      continue;
    }
    expect(names.filter((name) => name !== 'href' && name !== 'rel'), element.outerHTML).toEqual([]);
    expect(element.getAttribute('rel')).toBe('nofollow ugc noopener noreferrer');
    const href = element.getAttribute('href');
    if (href !== null) expect(allowedSchemes, href).toContain(URL.parse(href)?.protocol);
  }
}

describe.each([
  ['as Markdown', markdownPayloads.concat(htmlPayloads)],
  ['straight to the sanitiser', htmlPayloads.concat(markdownPayloads)],
])('XSS payloads %s', (way, payloads) => {
  const output = (payload: string) => (way === 'as Markdown' ? renderCommentHtml(payload) : sanitizeCommentHtml(payload));

  it.each(payloads)('%s', (payload) => {
    const html = output(payload);
    expectSafe(html);
    expect(sanitizeCommentHtml(html)).toBe(html);
  });
});

describe('sanitizeCommentHtml', () => {
  it.each([
    ['keeps allowed links and sets rel', '<a href="https://example.org/" rel="opener" title="t">x</a>', `<a href="https://example.org/" ${rel}>x</a>`],
    ['drops a bad href but keeps the text', '<a href="javascript:alert(1)">x</a>', `<a ${rel}>x</a>`],
    ['unwraps disallowed elements', '<div><span>kept</span></div>', 'kept'],
    ['drops script and style with their content', '<script>a()</script><style>p{}</style>ok', 'ok'],
    ['strips every attribute off other elements', '<p class="c" style="s" onclick="x">t</p>', '<p>t</p>'],
    ['reaches a fixed point after a removal', '<p><button><p>x</p></button></p>', '<p></p><p>x</p><p></p>'],
    ['keeps a leading newline in <pre> stable', '<pre>\n\nx</pre>', '<pre>\n\nx</pre>'],
  ])('%s', (_name, html, expected) => {
    expect(sanitizeCommentHtml(html)).toBe(expected);
  });
});

describe('pathological input is refused or rendered quickly', () => {
  const nestedList = (indent: string) => {
    let source = '';
    for (let level = 0; source.length < 8_000; level++) source += `${indent.repeat(level)}- item\n`;
    return source.slice(0, 8_000);
  };
  it.each([
    ['8,000 ">"', 'refused', '>'.repeat(8_000)],
    ['4,000 "> "', 'refused', '> '.repeat(4_000)],
    ['32 nested quotes', 'rendered', `${'>'.repeat(32)} deep`],
    ['33 nested quotes', 'refused', `${'>'.repeat(33)} deep`],
    ['"_a" × 4,000', 'refused', '_a'.repeat(4_000)],
    ['"*a" × 4,000', 'refused', '*a'.repeat(4_000)],
    ['"~a" × 4,000', 'refused', '~a'.repeat(4_000)],
    ['"*" × 4,000 around a word', 'refused', `${'*'.repeat(3_998)}a${'*'.repeat(3_998)}`],
    ['32 nested emphasis', 'rendered', `${'*a '.repeat(31)}*b*${' a*'.repeat(31)}`],
    ['4,000 lines of nested list by indentation', 'refused', nestedList('  ')],
    ['nested list by tabs', 'refused', nestedList('\t')],
    ['"- " × 4,000 before a word', 'refused', `${'- '.repeat(4_000)}a`],
    ['"1. " × 2,666', 'refused', '1. '.repeat(2_666)],
    ['"[" × 8,000', 'rendered', '['.repeat(8_000)],
    ['"[a](" × 2,000', 'rendered', '[a]('.repeat(2_000)],
    ['"`" × 8,000', 'rendered', '`'.repeat(8_000)],
    ['"`a" × 4,000', 'refused', '`a'.repeat(4_000)],
    ['"!" × 8,000', 'refused', '!'.repeat(8_000)],
    ['"<div>" × 1,000 as text', 'rendered', '<div>'.repeat(1_000) + 'x'.repeat(3_000)],
    ['":\\n-" × 2,666 (table-like lines)', 'refused', ':\n-'.repeat(2_666)],
    ['"a\\n" × 4,000', 'refused', 'a\n'.repeat(4_000)],
    ['"<http://a>" × 800', 'refused', '<http://a>'.repeat(800)],
    ['"&amp;" × 1,600', 'rendered', '&amp;'.repeat(1_600)],
    ['8,000 spaces', 'rendered', ' '.repeat(8_000)],
    ['a list item of 599 lines', 'refused', `- a\n${'continued\n'.repeat(599)}`],
    ['a task list of 800 items', 'refused', '- [ ] a\n'.repeat(800)],
    ['a code block of 500 lines', 'rendered', `\`\`\`\n${'x = 1 + 2;\n'.repeat(500)}\`\`\``],
    ['"_a</div>" × 1,000 (openers with no closer)', 'refused', '_a</div>'.repeat(1_000)],
    ['a 1,300-word comment', 'rendered', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(140)],
  ])('%s: %s', (_name, expected, source) => {
    const started = performance.now();
    let outcome: string;
    try {
      renderCommentHtml(source);
      outcome = 'rendered';
    } catch (error) {
      expect(error).toBeInstanceOf(RenderRefusedError);
      expect((error as RenderRefusedError).code).toBe('body_too_complex');
      outcome = 'refused';
    }
    // The target is 100 ms; the margin keeps a loaded machine from failing the test.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(outcome).toBe(expected);
  });

  it('renders normally after a refusal', () => {
    expect(() => renderCommentHtml('>'.repeat(8_000))).toThrow(RenderRefusedError);
    expect(() => renderCommentHtml(`${'*'.repeat(3_000)}a${'*'.repeat(3_000)}`)).toThrow(RenderRefusedError);
    expect(renderCommentHtml('> *fine*')).toBe('<blockquote>\n<p><em>fine</em></p>\n</blockquote>\n');
  });
});

describe('plain prose fast path', () => {
  // The full path (marked, then DOMPurify) is the reference: every generated source must come out
  // the same with and without the shortcut, refusals included.
  const alphabet = ['a', 'b', 'é', 'Z', '7', ' ', ' ', ' ', '\n', '\n\n', '.', ',', ';', ':', '?', '!', "'", '"', '(', ')', '%', '’', '“', '…', '—', '-', '$', '€', '1.', '2)', '=', '+', '>', '#', '*', '_', '&', '<', '@', '/', 'www.', '  ', '\t', '[', ']', '`', '~', '|', '\\', '\u00a0', '\r'];
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = (weights: readonly string[]) => weights[Math.floor(random() * weights.length)]!;
  // Mostly prose, so that the shortcut is exercised, with every awkward character mixed in.
  const prose = ['a', 'b', 'é', 'Z', '7', ' ', ' ', '.', ',', "'", '"', '\n', '\n\n', '?', '!', '-', '(', ')', '’', ':'];
  const sample = () => Array.from({ length: 1 + Math.floor(random() * 40) }, () => (random() < 0.85 ? pick(prose) : pick(alphabet))).join('');
  const outcome = (source: string, plainShortcut: boolean) => {
    try {
      return renderCommentHtml(source, { plainShortcut });
    } catch (error) {
      return `refused: ${(error as Error).message}`;
    }
  };

  it('writes exactly what marked and DOMPurify would, for thousands of generated sources', () => {
    let shortcut = 0;
    for (let i = 0; i < 6_000; i++) {
      const source = sample();
      const fast = outcome(source, true);
      expect(fast, JSON.stringify(source)).toBe(outcome(source, false));
      if (fast.startsWith('<p>') && !/[*_~[\]`\\<>&@/#|\t\r\u00a0]|www\.|  /.test(source) && !/(^|\n)([-+=>]|\d+[.)])/.test(source)) shortcut++;
    }
    // The generator must exercise the shortcut, not only the full path.
    expect(shortcut).toBeGreaterThan(600);
  });

  it('takes plain prose, with lines and paragraphs', () => {
    expect(renderCommentHtml('Thank you, Sam — that’s “exactly” it!\nSee you (soon).\n\n\nBest, Jo')).toBe('<p>Thank you, Sam — that’s “exactly” it!<br>See you (soon).</p>\n<p>Best, Jo</p>\n');
  });
});
