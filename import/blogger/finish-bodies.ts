// The last pass over each imported file, once every post's new address is known: links to the old
// blog go to their new homes (internal-links.ts), Blogger's jump break becomes the post's summary
// for listings, and structure the parser left invalid is repaired (repair-html.ts).
import { JSDOM } from 'jsdom';
import { rewriteLinks, type NewAddresses, type OldBlog } from './internal-links.ts';
import { repairStructure } from './repair-html.ts';
import { yaml } from './post-file.ts';
import type { ImportSummary } from './run.ts';

const window = new JSDOM('').window;

/** A body's last pass: the file's new text, and a way to record what changed under the id it got. */
export type FinishFile = (content: string, kind: 'post' | 'page') => { content: string; record: (id: string) => void };

/** The summary field takes at most this many characters (site/lib/schema.ts). */
const maxSummary = 1000;

/**
 * Blogger's jump break (`<a name="more">`; `<!--more-->` arrives as one, see place-files.ts): the
 * plain text before it, for listings, and the marker removed. Undefined when the body has none.
 */
export function takeJumpBreak(root: Element): { summary: string } | undefined {
  const markers = [...root.querySelectorAll('a[name]')].filter((a) => a.getAttribute('name')!.trim().toLowerCase() === 'more' && !a.textContent!.trim());
  const marker = markers[0];
  if (!marker) return undefined;
  const range = root.ownerDocument.createRange();
  range.setStart(root, 0);
  range.setEndBefore(marker);
  const holder = root.ownerDocument.createElement('div');
  holder.append(range.cloneContents());
  for (const m of markers) m.remove();
  // Images are links that say "[Image: …]": not words of the summary.
  for (const image of holder.querySelectorAll('a.imported-image')) image.remove();
  // Words run on inside a line, and apart where a block or a line break ends.
  for (const end of holder.querySelectorAll('br, p, div, li, h1, h2, h3, h4, h5, h6, blockquote, pre, tr, td, th, dt, dd')) end.after(' ');
  let summary = holder.textContent!.replace(/\[Image: [^\]]*\]/g, ' ').replace(/\s+/g, ' ').trim();
  if (summary.length > maxSummary) summary = `${summary.slice(0, maxSummary - 1).replace(/\s+\S*$/, '')}…`;
  return { summary };
}

/** The element's HTML on one line, as the cleaner writes it (a newline in <pre> is a character reference). */
function oneLine(element: Element): string {
  const keep = '\uE000';
  const walker = element.ownerDocument.createTreeWalker(element, window.NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.nodeValue!.includes('\n')) node.nodeValue = node.nodeValue!.replace(/\r?\n/g, keep);
  return element.innerHTML.replace(/\r?\n/g, ' ').replaceAll(keep, '&#10;');
}

export interface FinishContext {
  blog: OldBlog | undefined;
  addresses: NewAddresses;
  summary: ImportSummary;
}

export function bodyFinisher({ blog, addresses, summary }: FinishContext): FinishFile {
  return (content, kind) => {
    const end = content.indexOf('\n---\n', 3);
    const head = content.slice(0, end + 1);
    const body = content.slice(end + 5);
    const root = window.document.createElement('div');
    root.innerHTML = body.trim();
    const jump = takeJumpBreak(root);
    const repaired = repairStructure(root);
    const links = rewriteLinks(root, blog, addresses);
    const record = (id: string) => {
      if (links.rewritten > 0) summary.links.perPost[id] = links.rewritten;
      summary.links.rewritten += links.rewritten;
      for (const href of links.kept) summary.links.kept.push({ post: id, href });
      for (const what of repaired) summary.repaired.push({ post: id, what });
      if (jump?.summary && kind === 'post') summary.jumpBreaks.push(id);
    };
    if (!jump && repaired.length === 0 && links.rewritten === 0) return { content, record };
    const fields = jump?.summary && kind === 'post' ? `${head}summary: ${yaml(jump.summary)}\n` : head;
    return { content: `${fields}---\n${oneLine(root).trim()}\n`, record };
  };
}
