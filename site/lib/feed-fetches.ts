// Feed readers show a post's HTML as it is, with no Content Security Policy: nothing in a feed may
// make them fetch from another origin (a player, an image, a style), or its readers are seen there.
// Players and images from elsewhere become links to where they are; anything else that would fetch
// from elsewhere is dropped. The site's own files (after absolutiseLinks) and data: stay.
import { JSDOM } from 'jsdom';

/** Attributes by which an element fetches something as it is shown (href only off a link). */
const fetchingAttributes = ['src', 'srcset', 'poster', 'data', 'background', 'lowsrc', 'dynsrc', 'ping', 'codebase', 'srcdoc', 'href', 'xlink:href', 'style'];
/** Elements shown as a link to what they would have fetched, with the words readers see. */
const shownAsLink: Record<string, string> = { img: 'Image', picture: 'Image', input: 'Image', image: 'Image', video: 'Video', audio: 'Sound', iframe: 'Embedded content', frame: 'Embedded content', embed: 'Embedded content', object: 'Embedded content' };
/** Elements that are nothing but what they fetch. */
const droppedWhole = new Set(['source', 'track', 'script', 'link', 'style', 'base', 'meta', 'param', 'use', 'feimage']);

let window: JSDOM['window'] | undefined;

/** The addresses an attribute's value names: one URL, a srcset's candidates, or a style's url()s. */
function addresses(name: string, value: string): string[] {
  if (name === 'srcset') return value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '').filter(Boolean);
  if (name === 'style') {
    if (/\\|image-set\(|image\(|cross-fade\(/i.test(value)) return ['about:style']; // too clever to read: never kept
    return [...value.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3/gi)].map((m) => m[2] ?? m[4] ?? '');
  }
  if (name === 'ping') return value.split(/\s+/).filter(Boolean);
  if (name === 'srcdoc') return ['about:srcdoc']; // a whole document of its own: never kept
  return [value.trim()];
}

function isElsewhere(address: string, site: URL): boolean {
  try {
    const url = new URL(address, site);
    return url.protocol !== 'data:' && url.origin !== site.origin;
  } catch {
    return true;
  }
}

/** Addresses from elsewhere that `element` itself would fetch, by attribute. */
function fetchesElsewhere(element: Element, site: URL): { name: string; address: string }[] {
  const tag = element.localName.toLowerCase();
  const found: { name: string; address: string }[] = [];
  for (const name of fetchingAttributes) {
    const value = element.getAttribute(name);
    if (value === null || ((name === 'href' || name === 'xlink:href') && (tag === 'a' || tag === 'area'))) continue;
    for (const address of addresses(name, value)) if (isElsewhere(address, site)) found.push({ name, address });
  }
  if (tag === 'style' && addresses('style', element.textContent ?? '').some((address) => isElsewhere(address, site))) found.push({ name: 'style', address: '' });
  return found;
}

/** What a player or picture would show: its own src and its <source>s' (a picture's <img>). */
function shownBy(element: Element): Element[] {
  if (element.localName === 'picture') return [...element.querySelectorAll('img')];
  return [element, ...element.querySelectorAll('source')].filter((e) => e.hasAttribute('src') || e.hasAttribute('srcset'));
}

const isWebAddress = (address: string, site: URL): boolean => URL.canParse(address, site) && /^https?:$/.test(new URL(address, site).protocol);

type Outcome = { keep: true } | { link: string } | { drop: true } | { strip: string[] };

function outcomeFor(element: Element, site: URL): Outcome {
  const tag = element.localName.toLowerCase();
  const own = fetchesElsewhere(element, site);
  if (tag === 'video' || tag === 'audio' || tag === 'picture') {
    // A player or picture with something of the site's own to show keeps it (its <source>s from
    // elsewhere are dropped in turn); one with only things from elsewhere becomes a link.
    const shown = shownBy(element).map((e) => fetchesElsewhere(e, site).filter((f) => f.name === 'src' || f.name === 'srcset'));
    if (shown.length === 0) return own.length > 0 ? { drop: true } : { keep: true };
    if (shown.every((found) => found.length > 0)) {
      const address = shown.flat().find((f) => isWebAddress(f.address, site))?.address;
      return address ? { link: address } : { drop: true };
    }
    return own.length > 0 ? { strip: own.map((f) => f.name) } : { keep: true };
  }
  if (own.length === 0) return { keep: true };
  if (droppedWhole.has(tag)) return { drop: true };
  if (shownAsLink[tag]) {
    // Its own picture or page is the site's: only the rest (a srcset, a poster…) goes.
    const main = own.find((f) => f.name === 'src' || f.name === 'data' || f.name === 'href' || f.name === 'xlink:href');
    if (!main && ['src', 'data', 'href', 'xlink:href'].some((name) => element.hasAttribute(name))) return { strip: own.map((f) => f.name) };
    const address = own.find((f) => ['src', 'srcset', 'data', 'href', 'xlink:href'].includes(f.name) && isWebAddress(f.address, site))?.address;
    return address ? { link: address } : { drop: true };
  }
  return { strip: own.map((f) => f.name) };
}

function linkTo(document: Document, element: Element, address: string, site: URL): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = new URL(address, site).href;
  const label = element.getAttribute('alt')?.trim() || element.getAttribute('title')?.trim() || element.querySelector('img')?.getAttribute('alt')?.trim() || a.href;
  a.textContent = `[${shownAsLink[element.localName.toLowerCase()]}: ${label}]`;
  return a;
}

/** `html` (a post's body, links already absolute) with nothing left that fetches from another origin than `siteUrl`'s. */
export function withoutOutsideFetches(html: string, siteUrl: string): string {
  window ??= new JSDOM('').window;
  const { document } = window;
  const site = new URL(siteUrl);
  const root = document.createElement('div');
  root.innerHTML = html;
  let changed = false;
  for (const element of [...root.querySelectorAll('*')]) {
    if (!root.contains(element)) continue; // inside something replaced already
    const outcome = outcomeFor(element, site);
    if ('keep' in outcome) continue;
    changed = true;
    if ('link' in outcome) element.replaceWith(linkTo(document, element, outcome.link, site));
    else if ('drop' in outcome) element.remove();
    else for (const name of outcome.strip) element.removeAttribute(name);
  }
  return changed ? root.innerHTML : html;
}
