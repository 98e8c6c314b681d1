// A comment body, written in a small Markdown subset, turned into HTML that is safe to show.
// marked parses; DOMPurify, on one long-lived jsdom window, has the last word on what may appear.
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { Lexer, Marked, type Token, type Tokens, type TokensList } from 'marked';
import { escapeHtml } from '../../site/lib/html.ts';
import { RenderRefusedError } from './errors.ts';
import { blogTags } from './inline-tags.ts';

export { RenderRefusedError };

const allowedTags = ['p', 'br', 'hr', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'];
const allowedSchemes = new Set(['http:', 'https:', 'mailto:']);
const linkRel = 'nofollow ugc noopener noreferrer';

/**
 * Deepest nesting of quotes and lists, and separately of emphasis, struck text and links.
 * Readers quote each other a few levels deep; nothing legitimate comes near this.
 */
const maxNestingDepth = 32;
/**
 * Most work for marked's emphasis: from each run of `*`, `_` or `~` that can open, it scans on
 * through the paragraph for a closer, so the cost grows with openers × paragraph length (counted
 * in full, as an opener need not find one). 1,000 openers that never close in an 8,000-character
 * paragraph (8 M) take ~100 ms; a chatty paragraph with a few dozen emphasised words, under 1 M.
 */
const maxEmphasisScan = 2_000_000;
/**
 * Most work for marked's inline text rule, which looks ahead across the whole run of e-mail
 * address characters at every `!` and every run of `*`, `_`, `~` or backticks in it: the cost
 * grows with those marks × the run's length. `!` repeated 8,000 times (64 M) takes ~45 ms.
 */
const maxAddressLookahead = 1_000_000;
/**
 * Most elements in the HTML, before sanitising. DOMPurify on jsdom costs 10–40 µs per element
 * (more under load): a long comment has a hundred or two, a 250-line poem 260.
 */
const maxElements = 500;
/**
 * Most lines with something on them, checked before marked starts: it is quadratic in the lines
 * of one list item (2,000 take ~30 ms). Outside code every line makes an element, so beyond 500
 * the element limit refuses anyway; the margin is for a long code block.
 */
const maxLines = 600;
/** Most links: DOMPurify on jsdom spends ~100 µs on each (parsing and checking its attributes). */
const maxLinks = 100;

/**
 * Markdown source (at most 8,000 characters, the caller's limit) to sanitised HTML; throws
 * RenderRefusedError for a body that would take too long. Plain prose skips the parser (the
 * `plainShortcut: false` option, for tests, makes it take the full path).
 */
export function renderCommentHtml(source: string, options: { plainShortcut?: boolean } = {}): string {
  refuseCostlySource(source);
  const plain = options.plainShortcut === false ? undefined : plainTextHtml(source);
  if (plain !== undefined) return plain;
  let html: string;
  try {
    html = markdown.parser(new NestingLimitedLexer(markdown.defaults).lex(source));
  } catch (error) {
    // A stack overflow is a backstop for shapes the nesting limit does not foresee.
    if (error instanceof RangeError) throw new RenderRefusedError('This comment is nested too deeply to display.', { cause: error });
    throw error;
  }
  // Raw HTML in the source is escaped, so every "<" followed by a letter opens an element.
  if (countMatches(html, /<[a-z]/g) > maxElements) throw new RenderRefusedError('This comment has too many lines, list items or marks to display.');
  if (countMatches(html, /<a /g) > maxLinks) throw new RenderRefusedError('This comment has too many links to display.');
  return sanitizeCommentHtml(html);
}

/**
 * Characters of plain prose, which neither marked nor DOMPurify would change beyond escaping:
 * letters, digits, spaces and the common punctuation; nothing that opens a mark, a link, an
 * entity or an autolink (no `*_~[]`\\<>&@/#|`, no `www.`).
 */
const plainLine = /^(?![-+=>]|\d{1,9}[.)](?: |$))[\p{L}\p{M}\p{N}.,;:?!'"()%’‘“”…—–$€£-](?:[\p{L}\p{M}\p{N}.,;:?!'"()%’‘“”…—–$€£ -]*[\p{L}\p{M}\p{N}.,;:?!'"()%’‘“”…—–$€£-])?$/u;

/**
 * Most comments are plain prose: paragraphs of lines. For those the output of marked and DOMPurify
 * is known (a paragraph per blank-line block, a <br> per line break, `"` and `'` left as they
 * are), so it is written directly. Anything else returns undefined and takes the full path; a
 * differential test holds the two paths to the same output.
 */
function plainTextHtml(source: string): string | undefined {
  if (/www\.|  |!\[/i.test(source)) return undefined;
  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (const line of source.split('\n')) {
    if (line === '') {
      if (current.length > 0) paragraphs.push(current);
      current = [];
      continue;
    }
    if (!plainLine.test(line)) return undefined;
    current.push(line);
  }
  if (current.length > 0) paragraphs.push(current);
  if (paragraphs.length === 0) return undefined;
  const elements = paragraphs.reduce((n, lines) => n + lines.length, 0);
  if (elements > maxElements) throw new RenderRefusedError('This comment has too many lines, list items or marks to display.');
  return paragraphs.map((lines) => `<p>${lines.join('<br>')}</p>\n`).join('');
}

/** Passes needed at most for a fixed point; in practice one, or two after a removal. */
const maxSanitizePasses = 4;

/**
 * Sanitised HTML of the comment allowlist; idempotent: sanitizing the result again returns it unchanged.
 * Cost grows with nesting depth: give it renderCommentHtml's output, not arbitrary large HTML.
 */
export function sanitizeCommentHtml(html: string): string {
  let clean = purify.sanitize(html);
  // Removing an element can leave a tree the parser would never build (a <p> in a <p> once a
  // <button> between them is gone), which reparses differently: repeat until nothing is removed.
  for (let pass = 1; purify.removed.length > 0 && pass < maxSanitizePasses; pass++) clean = purify.sanitize(clean);
  return clean;
}

/** Refuses, in one linear pass each, the shapes on which marked's cost grows faster than the length. */
function refuseCostlySource(source: string): void {
  let emphasisScan = 0;
  // An inline run never crosses a blank line (nor a line of bare ">" in a quote).
  for (const paragraph of source.split(/\n[ \t>]*(?=\n|$)/)) {
    let openers = 0;
    for (const { 0: run, index } of paragraph.matchAll(/([*_~])\1*/g)) {
      if (canOpen(paragraph[index - 1], run, paragraph[index + run.length])) openers++;
    }
    emphasisScan += openers * paragraph.length;
  }
  if (emphasisScan > maxEmphasisScan) throw new RenderRefusedError('This comment has too many emphasis marks (* _ ~) to display.');

  // marked is quadratic in the lines of one list item, and in the items of a task list.
  if (countMatches(source, /^.*\S/gm) > maxLines) throw new RenderRefusedError('This comment has too many lines to display.');

  let addressLookahead = 0;
  for (const [run] of source.matchAll(/[\w.!#$%&'*+/=?`{|}~-]{2,}/g)) addressLookahead += countMatches(run, /!|[*_~`]+/g) * run.length;
  if (addressLookahead > maxAddressLookahead) throw new RenderRefusedError('This comment has too many marks (! * _ ~ `) run together to display.');
}

function countMatches(text: string, pattern: RegExp): number {
  let count = 0;
  for (pattern.lastIndex = 0; pattern.test(text); ) count++;
  return count;
}

/** CommonMark's rule: a left-flanking run can open, but `_` inside a word (snake_case) cannot. */
function canOpen(before: string | undefined, run: string, after: string | undefined): boolean {
  const leftFlanking = !isBlank(after) && (!isPunctuation(after) || isBlank(before) || isPunctuation(before));
  if (!leftFlanking || !run.startsWith('_')) return leftFlanking;
  const rightFlanking = !isBlank(before) && (!isPunctuation(before) || isBlank(after) || isPunctuation(after));
  return !rightFlanking || isPunctuation(before);
}

function isBlank(char: string | undefined): boolean {
  return char === undefined || /\s/u.test(char);
}

function isPunctuation(char: string | undefined): boolean {
  return char !== undefined && /[\p{P}\p{S}]/u.test(char);
}

/**
 * marked's lexer, refusing nesting deeper than maxNestingDepth before it gets costly (marked recurses
 * once per level and overflows the stack near 2,000 `>`). Block lexing (quotes, lists) finishes
 * before inline lexing (emphasis, links) starts, so one counter measures each in turn.
 */
class NestingLimitedLexer extends Lexer {
  #depth = 0;

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[];
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList;
  override blockTokens(src: string, tokens: Token[] = [], lastParagraphClipped?: boolean): Token[] {
    return this.#nested(() => super.blockTokens(src, tokens, lastParagraphClipped));
  }

  override inlineTokens(src: string, tokens?: Token[]): Token[] {
    return this.#nested(() => super.inlineTokens(src, tokens));
  }

  #nested(lex: () => Token[]): Token[] {
    // The document itself is level 0: a quote in a quote is level 2.
    if (this.#depth > maxNestingDepth) throw new RenderRefusedError('This comment is nested too deeply to display.');
    this.#depth++;
    try {
      return lex();
    } finally {
      this.#depth--;
    }
  }
}

const markdown = new Marked({
  gfm: true,
  // Readers type a new line and expect one.
  breaks: true,
  tokenizer: {
    // Block HTML stays text; inline, the few tags Blogger took (inlineTag), the rest text.
    html: () => undefined,
    tag: (src: string) => blogTags.token(src),
  },
  renderer: {
    heading({ tokens }: Tokens.Heading): string {
      return `<p>${blogTags.block(this.parser, tokens)}</p>\n`;
    },
    paragraph({ tokens }: Tokens.Paragraph): string {
      return `<p>${blogTags.block(this.parser, tokens)}</p>\n`;
    },
    text(token: Tokens.Text | Tokens.Escape): string | false {
      // A tight list item's text is a block of its own; inline text takes marked's way.
      return 'tokens' in token && token.tokens ? blogTags.block(this.parser, token.tokens) : false;
    },
    code({ text }: Tokens.Code): string {
      // An empty block (``` then ```) would show as a blank line: it shows nothing.
      if (text.trim() === '') return '';
      return `<pre><code>${escapeHtml(text.replace(/\n$/, ''))}\n</code></pre>\n`;
    },
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      // Only inlineTag's tags are tokenised; should any other HTML come through, it stays text.
      return blogTags.html(text, (href) => allowedUrl(decodeEntities(href)), linkRel);
    },
    table({ raw }: Tokens.Table): string {
      // Not part of the subset: shown as written. (Turning off the table tokenizer instead makes
      // marked quadratic on lines like ":" and "-:".)
      return `<p>${escapeHtml(raw.trim()).replaceAll('\n', '<br>')}</p>\n`;
    },
    list({ ordered, items }: Tokens.List): string {
      // No start="…": the allowlist has no attribute but href and rel.
      const tag = ordered ? 'ol' : 'ul';
      return `<${tag}>\n${items.map((item) => this.listitem(item)).join('')}</${tag}>\n`;
    },
    checkbox({ checked }: Tokens.Checkbox): string {
      return checked ? '[x] ' : '[ ] ';
    },
    image({ raw }: Tokens.Image): string {
      // Shown as written: an image would load from anywhere and tell it who reads the board.
      return escapeHtml(raw);
    },
    link({ href, tokens }: Tokens.Link): string {
      const text = this.parser.parseInline(tokens);
      const url = allowedUrl(decodeEntities(href));
      return url ? `<a href="${escapeHtml(url)}" rel="${linkRel}">${text}</a>` : text;
    },
  },
});

// DOMPurify's window: created once, kept for the life of the process (or worker).
const { window } = new JSDOM('');
const purify = createDOMPurify(window);
if (!purify.isSupported) throw new Error('DOMPurify cannot run on this jsdom window');

purify.setConfig({
  // body is the parse root, never serialised (the output is its innerHTML): left disallowed,
  // DOMPurify would "remove" it by deep-cloning its whole content on every call.
  ALLOWED_TAGS: [...allowedTags, 'body'],
  ALLOWED_ATTR: ['href', 'rel'],
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
  // Otherwise rel's value is checked as a URL, fails, and is removed on every link.
  ADD_URI_SAFE_ATTR: ['rel'],
  ALLOW_ARIA_ATTR: false,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
});
purify.addHook('uponSanitizeAttribute', (node, data) => {
  // ALLOWED_ATTR is global: narrow it to href and rel on <a>, and href to an absolute allowed URL.
  const keep = node.nodeName === 'A' && (data.attrName === 'rel' || (data.attrName === 'href' && isAllowedUrl(data.attrValue)));
  if (!keep) data.keepAttr = false;
});
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A' && node.getAttribute('rel') !== linkRel) node.setAttribute('rel', linkRel);
});
purify.addHook('afterSanitizeElements', (node) => {
  // The HTML parser drops one newline right after <pre>, and the serialiser does not write it back:
  // double a leading newline so that sanitising the output again changes nothing.
  const first = node.nodeName === 'PRE' ? node.firstChild : null;
  if (first?.nodeType === window.Node.TEXT_NODE && first.nodeValue?.startsWith('\n')) first.nodeValue = `\n${first.nodeValue}`;
});

/** The URL, normalised, when it is absolute and its scheme is allowed. */
function allowedUrl(href: string): string | undefined {
  // The WHATWG parser (the browser's) strips tabs, newlines and control characters and lowercases the scheme.
  const url = URL.parse(href);
  return url && allowedSchemes.has(url.protocol) ? url.href : undefined;
}

function isAllowedUrl(href: string): boolean {
  return allowedUrl(href) !== undefined;
}

const entityDecoder = window.document.createElement('textarea');

/** Markdown link destinations may hold character references (`&amp;`); decode them as HTML does. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  entityDecoder.innerHTML = text;
  return entityDecoder.value;
}

