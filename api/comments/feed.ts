// Atom feeds of published comments: one per post, and the most recent across the blog.
import { escapeHtml } from '../../site/lib/html.ts';

// Characters XML 1.0 cannot carry at all, even escaped (most controls, lone surrogates, U+FFFE/FFFF),
// and the C1 controls it discourages.
const notXml = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text escaped for XML, without the characters that would make the whole document invalid. */
export function xmlText(text: string): string {
  return escapeHtml(text.replace(notXml, ''));
}

export interface FeedEntry {
  id: number;
  postTitle: string;
  postUrl: string;
  number?: string;
  authorName: string;
  html: string;
  createdAt: string;
}

export function commentsAtom(feed: { title: string; selfUrl: string; pagesOrigin: string; updated: string; entries: FeedEntry[] }): string {
  const x = xmlText;
  const entries = feed.entries.map((entry) => {
    const link = new URL(`${entry.postUrl}#c${entry.id}`, feed.pagesOrigin).href;
    const title = `${entry.number ? `Comment ${entry.number}` : 'A comment'} on “${entry.postTitle}” by ${entry.authorName}`;
    // A reference to an earlier comment ("#c12") points into the post's thread, wherever the feed is read.
    const html = entry.html.replaceAll('href="#c', `href="${new URL(entry.postUrl, feed.pagesOrigin).href}#c`);
    return `<entry><id>${x(link)}</id><title>${x(title)}</title><link rel="alternate" type="text/html" href="${x(link)}"/><author><name>${x(entry.authorName)}</name></author><published>${entry.createdAt}</published><updated>${entry.createdAt}</updated><content type="html">${x(html)}</content></entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${x(feed.selfUrl)}</id><title>${x(feed.title)}</title><link rel="self" href="${x(feed.selfUrl)}"/><link rel="alternate" type="text/html" href="${x(feed.pagesOrigin)}/"/><updated>${feed.updated}</updated>${entries.join('')}</feed>
`;
}
