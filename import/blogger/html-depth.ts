// How deep a post's HTML nests, read cheaply from its tags before the HTML is parsed: cleaning
// (jsdom) takes time that grows with the square of the depth, so a body nested thousands deep
// would hold the import for minutes. Elements HTML closes by itself (paragraphs, list items, table
// cells…) and void ones are not counted, so real posts with unclosed tags stay far below the limit.

/** Deeper than any real post: 1,000 nested elements clean in well under a second. */
export const maxHtmlNesting = 1000;

const uncounted = new Set([
  // void
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  // closed by the next of their kind or by their parent, often left open in old posts
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'option', 'optgroup', 'rb', 'rt', 'rp',
]);

/** True when the HTML opens more than `limit` elements inside one another. */
export function nestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  for (const tag of html.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(\/?)>/g)) {
    if (tag[3] || uncounted.has(tag[2]!.toLowerCase())) continue;
    if (tag[1]) depth = Math.max(0, depth - 1);
    else if (++depth > limit) return true;
  }
  return false;
}
