// A Blogger comment's HTML (its small subset: text, <br>, <b>, <i>, <a>, and a few more) as the
// Markdown the comment board stores, so imported comments go through the same renderer as new
// ones. Text is escaped so that it reads exactly as it did; the tags become their Markdown marks.

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©', eacute: 'é', egrave: 'è', agrave: 'à', ccedil: 'ç', uuml: 'ü', ouml: 'ö', auml: 'ä', euro: '€', pound: '£' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : whole;
    }
    return named[code.toLowerCase()] ?? whole;
  });
}

/** Backslash-escapes what Markdown would otherwise read as marks. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>~|]/g, '\\$&');
}

/** Line starts that Markdown reads as headings, quotes, lists or rules. */
function escapeLineStarts(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.replace(/^(\s*)([#>+=-]|\d+[.)])(?=\s|$)/, (_, space: string, mark: string) => `${space}${mark.replace(/^(\d+)([.)])$/, '$1\\$2').replace(/^([#>+=-])$/, '\\$1')}`))
    .join('\n');
}

const safeHref = (href: string) => /^(https?:|mailto:)/i.test(href);

/** Blogger comment HTML to Markdown source. */
export function bloggerCommentToMarkdown(html: string): string {
  const out: string[] = [];
  // Open links: the text written since the link opened goes inside [ ].
  const links: { start: number; href: string | undefined }[] = [];
  const tokens = html.replace(/\r\n?/g, '\n').split(/(<\/?[a-zA-Z][^>]*>)/);
  for (const token of tokens) {
    const tag = /^<(\/?)([a-zA-Z][\w-]*)([^>]*)>$/.exec(token);
    if (!tag) {
      // Newlines in the HTML source are spaces, as a browser shows them.
      out.push(escapeMarkdown(decodeEntities(token.replace(/\s*\n\s*/g, ' '))));
      continue;
    }
    const closing = tag[1] === '/';
    const name = tag[2]!.toLowerCase();
    switch (name) {
      case 'br':
        out.push('\n');
        break;
      case 'p':
      case 'div':
      case 'blockquote':
        out.push('\n\n');
        break;
      case 'b':
      case 'strong':
        out.push('**');
        break;
      case 'i':
      case 'em':
        out.push('*');
        break;
      case 's':
      case 'strike':
      case 'del':
        out.push('~~');
        break;
      case 'a':
        if (!closing) {
          const href = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag[3] ?? '');
          const value = href ? decodeEntities(href[2] ?? href[3] ?? href[4] ?? '').trim() : '';
          links.push({ start: out.length, href: safeHref(value) ? value : undefined });
        } else {
          const link = links.pop();
          if (link?.href) {
            const text = out.splice(link.start).join('').trim() || escapeMarkdown(link.href);
            out.push(`[${text}](<${link.href.replace(/[<>\s]/g, encodeURIComponent)}>)`);
          }
        }
        break;
      default:
        // Anything else keeps its text and loses its tag.
        break;
    }
  }
  const markdown = out
    .join('')
    .replace(/\*\*\*\*|(?<!\*)\*\*(?!\*)\s*\*\*(?!\*)/g, '') // empty bold from <b></b>
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return escapeLineStarts(markdown);
}

/** Blogger's placeholder for a removed comment, and who removed it. */
export function removedBy(content: string, properties: Record<string, string>): 'author' | 'administrator' | undefined {
  const text = decodeEntities(content.replace(/<[^>]*>/g, '')).trim();
  const removed = properties['blogger.contentRemoved'] === 'true' || /^This (comment|post) has been removed by /i.test(text);
  if (!removed) return undefined;
  return /removed by the author/i.test(text) ? 'author' : 'administrator';
}
