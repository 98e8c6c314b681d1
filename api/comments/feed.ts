// Atom feeds: of published comments (one per post, and the most recent across the blog), and a
// writer's private feed of replies and outcomes (follow-page.ts).
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

/** One entry of any of the board's feeds. */
export interface AtomEntry {
  id: string;
  title: string;
  link: string;
  authorName: string;
  published: string;
  updated: string;
  html: string;
}

export interface AtomFeed<E> {
  title: string;
  selfUrl: string;
  pagesOrigin: string;
  updated: string;
  entries: E[];
}

export function atomFeed(feed: AtomFeed<AtomEntry>): string {
  const x = xmlText;
  const entries = feed.entries.map(
    (entry) =>
      `<entry><id>${x(entry.id)}</id><title>${x(entry.title)}</title><link rel="alternate" type="text/html" href="${x(entry.link)}"/><author><name>${x(entry.authorName)}</name></author><published>${entry.published}</published><updated>${entry.updated}</updated><content type="html">${x(entry.html)}</content></entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${x(feed.selfUrl)}</id><title>${x(feed.title)}</title><link rel="self" href="${x(feed.selfUrl)}"/><link rel="alternate" type="text/html" href="${x(feed.pagesOrigin)}/"/><updated>${feed.updated}</updated>${entries.join('')}</feed>
`;
}

/** A comment's link: its place in its post's thread. */
export const commentLink = (postUrl: string, commentId: number, pagesOrigin: string): string => new URL(`${postUrl}#c${commentId}`, pagesOrigin).href;

/** A comment's text, its references to earlier comments ("#c12") pointing into the post's thread wherever it is read. */
export const inThread = (html: string, postUrl: string, pagesOrigin: string): string => html.replaceAll('href="#c', `href="${new URL(postUrl, pagesOrigin).href}#c`);

export function commentsAtom(feed: AtomFeed<FeedEntry>): string {
  return atomFeed({
    ...feed,
    entries: feed.entries.map((entry) => {
      const link = commentLink(entry.postUrl, entry.id, feed.pagesOrigin);
      const title = `${entry.number ? `Comment ${entry.number}` : 'A comment'} on “${entry.postTitle}” by ${entry.authorName}`;
      return { id: link, title, link, authorName: entry.authorName, published: entry.createdAt, updated: entry.createdAt, html: inThread(entry.html, entry.postUrl, feed.pagesOrigin) };
    }),
  });
}
