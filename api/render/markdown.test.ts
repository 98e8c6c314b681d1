import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderCommentHtml, RenderRefusedError, sanitizeCommentHtml } from './markdown.ts';

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
    ['inline raw HTML is text', 'a <b>bold</b> move', '<p>a &lt;b&gt;bold&lt;/b&gt; move</p>\n'],
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

// Markdown that tries to smuggle a scheme, an attribute or an element through marked.
const markdownPayloads = [
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x]( javascript:alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x](javascript&colon;alert(1))',
  '[x](javascript&#58;alert(1))',
  '[x](java&#x09;script:alert(1))',
  '[x](java&#10;script:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))',
  '[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))',
  '[x](java\\tscript:alert(1))',
  '[x](\u0001javascript:alert(1))',
  '[x](%6Aavascript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](VBScript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](data:text/html,<script>alert(1)</script>)',
  '[x](DATA:image/svg+xml,<svg onload=alert(1)>)',
  '[x](file:///etc/passwd)',
  '[x](//evil.example/)',
  '[x](\\\\evil.example\\x)',
  '[x](javascript:alert(1) "title")',
  '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
  '[x](https://example.org \'a" onclick="alert(1)\')',
  '[x](https://example.org" onmouseover="alert(1))',
  '[x](https://example.org&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;)',
  '[x](https://example.org/&#34;onmouseover=alert(1))',
  '[x][evil]\n\n[evil]: javascript:alert(1)',
  '[evil]\n\n[evil]: JAVASCRIPT:alert(1) "t"',
  '[x][d]\n\n[d]: data:text/html,<script>alert(1)</script>',
  '[x][e]\n\n[e]: java&#x09;script:alert(1)',
  '<javascript:alert(1)>',
  '<JAVASCRIPT:alert(1)>',
  '<vbscript:msgbox(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  '<https://example.org/"onmouseover="alert(1)>',
  'javascript:alert(1)',
  'www.example.org/"onmouseover="alert(1)',
  'https://example.org/"><script>alert(1)</script>',
  'https://example.org/<img src=x onerror=alert(1)>',
  'x@example.org"onmouseover="alert(1)',
  '![x](javascript:alert(1))',
  '![x" onerror="alert(1)](https://example.org/x.png)',
  '![x](https://example.org/x.png" onerror="alert(1))',
  '[![x](https://example.org/x.png)](javascript:alert(1))',
  '[<img src=x onerror=alert(1)>](https://example.org/)',
  '[x](https://example.org/)<img src=x onerror=alert(1)>',
  '*<img src=x onerror=alert(1)>*',
  '`<script>alert(1)</script>`',
  '```\n</code></pre><script>alert(1)</script>\n```',
  '```"><script>alert(1)</script>\nx\n```',
  '    </code></pre><img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img/src=x/onerror=alert(1)>',
  '<pre>\n<img/src=x/onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=javascript:alert(1)>x</a>',
  '<a href="https://example.org/" onclick="alert(1)">x</a>',
  '<div>\n<script>alert(1)</script>\n</div>',
  '<!-- <img src=x onerror=alert(1)> -->',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<details open ontoggle=alert(1)>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<math href="javascript:alert(1)">x</math>',
  '> <img src=x onerror=alert(1)>',
  '- <svg onload=alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&lt;img src=x onerror=alert(1)&gt;',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '\u0000<script>alert(1)</script>',
  '<scr\u0000ipt>alert(1)</scr\u0000ipt>',
];

// Raw HTML, handed straight to the sanitiser: known XSS and mutation-XSS shapes.
const htmlPayloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)"//',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<svg><a href="https://example.org/">in svg</a></svg>',
  '<svg><animate attributeName="href" values="javascript:alert(1)"/><a><text>x</text></a></svg>',
  '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
  '<svg><foreignObject><p><img src=x onerror=alert(1)></p></foreignObject></svg>',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>"></path></textarea></mtext></svg></mglyph></mi></math>',
  '<math href="javascript:alert(1)">x</math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<noembed><p title="</noembed><img src=x onerror=alert(1)>">',
  '<noframes><p title="</noframes><img src=x onerror=alert(1)>">',
  '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
  '<title><img src=x onerror=alert(1)></title>',
  '<textarea><img src=x onerror=alert(1)></textarea>',
  '<template><img src=x onerror=alert(1)></template>',
  '<select><template><style><img src=x onerror=alert(1)></style></template></select>',
  '<table><caption><svg><style><img src=x onerror=alert(1)>',
  '<table><tr><td><a href="javascript:alert(1)">cell</a></td></tr></table>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<button formaction="javascript:alert(1)">go</button>',
  '<isindex action="javascript:alert(1)" type="image">',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<body onload=alert(1)>',
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '<p class="x" id="y" data-x="1" title="t" lang="en" dir="rtl" aria-label="l">attrs</p>',
  '<ol start="3" reversed type="a"><li value="7">x</li></ol>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href="java&#x0A;script:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="javascript&colon;alert(1)">x</a>',
  '<a href="\u0001javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="/relative">x</a>',
  '<a href="//evil.example/">x</a>',
  '<a href="ftp://example.org/">x</a>',
  '<a href="javascript:alert(1)" href="https://example.org/">x</a>',
  '<A HREF="https://example.org/" ONCLICK="alert(1)" TARGET="_blank" REL="opener">x</A>',
  '<a href="https://example.org/" target="_blank" rel="opener" ping="https://evil.example/" download>x</a>',
  '<a href="https://example.org/"><a href="javascript:alert(1)">nested</a></a>',
  '<a href="https://example.org/"><div><a href="https://example.com/">x</a></div></a>',
  '<a id="__proto__" name="attributes">clobber</a>',
  '<form id="x"><input name="attributes"><input name="removeChild"></form>',
  '<img name="body"><img id="getElementsByTagName">',
  '<p><button><p>inside</p></button></p>',
  '<pre>\n\nleading newline</pre>',
  '<pre><span>\nx</span></pre>',
  '<li>loose item</li>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<img src=x onerror=alert(1)>]]>',
  '<?xml version="1.0"?><img src=x onerror=alert(1)>',
  '<plaintext><img src=x onerror=alert(1)>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<<script>script>alert(1)<</script>/script>',
  '<style>@import "https://evil.example/x.css";</style><p>x</p>',
  '<p>ok</p><script>alert(1)</script>',
  '<a href="https://example.org/">&lt;img src=x onerror=alert(1)&gt;</a>',
];

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
