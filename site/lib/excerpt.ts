// A plain-text opening of a post for listings, taken from its Markdown/MDX source.
import { decodeHTML } from 'entities';

/**
 * Strips Markdown and MDX syntax, keeping the words a reader would see. Character references
 * (`&amp;`, `&rsquo;`, `&#8212;`: imported Blogger posts are full of them) become the characters
 * they stand for, as the post page shows them, unless `decode` is false (for text that will pass
 * through here again).
 */
export function plainText(source: string, { decode = true }: { decode?: boolean } = {}): string {
  const text = source
    .replace(/^(import|export)\s.*$/gm, ' ') // MDX module lines
    .replace(/```[\s\S]*?```/g, ' ') // fenced code
    .replace(/<RemovedAtAuthorsRequest[^>]*\/>/g, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ') // JSX and HTML tags (their children stay)
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ') // images
    .replace(/\[Image: [^\]\n]*\]/g, ' ') // an imported picture left on Blogger, shown as a link: no words of the post
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links keep their text
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1') // reference links
    .replace(/^\s{0,3}\[[^\]]+\]:\s.*$/gm, ' ') // link definitions
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, ' ') // table rules
    .replace(/\|/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, '') // headings, quotes, list markers
    .replace(/^\s*([-*_])(\s*\1){2,}\s*$/gm, ' ') // thematic breaks
    .replace(/(\*\*|\*|~~|`)(?=\S)([\s\S]*?\S)\1/g, '$2') // emphasis, strong, code
    // Underscores emphasise only at word edges: snake_case and a_few_words stay as they are.
    .replace(/(^|[^\p{L}\p{N}_])(__?)(?=\S)([\s\S]*?[^\s_])\2(?![\p{L}\p{N}_])/gu, '$1$3');
  return (decode ? decodeHTML(text) : text).replace(/\s+/g, ' ').trim();
}

/** The first `words` words of the post, ending with an ellipsis when cut. */
export function excerpt(source: string, words = 55): string {
  const all = plainText(source).split(' ').filter(Boolean);
  if (all.length <= words) return all.join(' ');
  return `${all.slice(0, words).join(' ').replace(/[,;:.!?-]+$/, '')}…`;
}

/** Changes whenever `opening` gives other words for the same source: builds then take every opening again. */
export const openingVersion = 3;

/** The first words of a post as plain text: enough for any excerpt (one word more shows it was cut). */
export function opening(source: string, words = 56): string {
  // Only the top of the post matters: strip a head of it, cut at a paragraph break, unless that
  // head is too short or ends inside a fenced code block.
  const cut = source.indexOf('\n\n', 3000);
  if (cut !== -1) {
    const head = source.slice(0, cut);
    const found = plainText(head, { decode: false }).split(' ').filter(Boolean);
    if (found.length > words && (head.match(/^\s*```/gm) ?? []).length % 2 === 0) return found.slice(0, words).join(' ');
  }
  return plainText(source, { decode: false }).split(' ').filter(Boolean).slice(0, words).join(' ');
}
