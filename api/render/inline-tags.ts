// Blogger's comment form took a few HTML tags, and its commenters typed them for years (imported
// comments keep them): <b>, <i>, <em>, <strong> and <a href>. marked tokenises those alone (any
// other tag stays text); they are written as the subset's own elements, and a block closes what
// its tags left open.
import type { Token, Tokens } from 'marked';
import { escapeHtml } from '../../site/lib/html.ts';

/** The tags taken: <b> is written <strong>, <i> is <em>. */
const inlineTag = /^<(\/?)(b|i|em|strong)\s*>|^<a\s+href\s*=\s*("[^"<>]*"|'[^'<>]*'|[^\s"'<>`=]+)\s*>|^<\/a\s*>/i;
const tagElement: Record<string, 'strong' | 'em'> = { b: 'strong', strong: 'strong', i: 'em', em: 'em' };

/**
 * The elements a comment's own tags opened in the block being written, innermost last: a block
 * closes what its text left open, so a forgotten </b> cannot run on into the next paragraph.
 */
const openByTags: string[] = [];

function tagHtml(tag: string, urlOf: (href: string) => string | undefined, rel: string): string {
  const match = inlineTag.exec(tag);
  if (!match) return escapeHtml(tag);
  if (match[2]) {
    const element = tagElement[match[2].toLowerCase()]!;
    if (!match[1]) return (openByTags.push(element), `<${element}>`);
    return closeTo(element);
  }
  if (match[3] !== undefined) {
    const url = urlOf(match[3].replace(/^["']|["']$/g, ''));
    if (!url) return '';
    openByTags.push('a');
    return `<a href="${escapeHtml(url)}" rel="${rel}">`;
  }
  return closeTo('a');
}

/** Closes `element` and whatever opened inside it; a closing tag with nothing to close says nothing. */
function closeTo(element: string): string {
  const at = openByTags.lastIndexOf(element);
  if (at < 0) return '';
  return openByTags.splice(at).reverse().map((open) => `</${open}>`).join('');
}

/** The inline content of one block, with whatever its tags left open closed at its end. */
function inlineBlock(parser: { parseInline(tokens: Token[]): string }, tokens: Token[]): string {
  openByTags.length = 0;
  const html = parser.parseInline(tokens);
  return html + closeTo(openByTags[0] ?? '');
}

export const blogTags = {
  /** marked's inline tag tokeniser: one of the tags taken, or nothing (the text stays text). */
  token(src: string): Tokens.Tag | undefined {
    const match = inlineTag.exec(src);
    return match ? { type: 'html', raw: match[0], text: match[0], block: false, inLink: false, inRawBlock: false } : undefined;
  },
  /** A tag's HTML: the element, or nothing for a link whose address is refused. */
  html: tagHtml,
  block: inlineBlock,
};
