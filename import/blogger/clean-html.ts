// Blogger post and page bodies, made safe and self-contained: no script, no event handler, no
// frame or image fetched from another site (readers must not be seen by third parties, and the
// site's Content Security Policy would block them anyway), no inline style (the policy ignores
// it: the common layout styles become classes). Videos, sound and images become links to where they are.
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';

const window = new JSDOM('').window;
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);

export interface CleanReport {
  /** Images hosted by Blogger / Google, now links. */
  bloggerImages: number;
  /** Images hosted elsewhere, now links. */
  otherImages: number;
  /** Embedded videos and sound (players and <video>/<audio>), now links. */
  videos: number;
  /** Tracking pixels, frames from other hosts, scripts and other active content removed. */
  removed: number;
}

/** Hosts whose embedded players are kept, as a link to the video. */
const videoHosts: { host: RegExp; watch: (url: URL) => string | undefined }[] = [
  { host: /(^|\.)youtube(-nocookie)?\.com$/, watch: (url) => /\/embed\/([\w-]{6,})/.exec(url.pathname)?.[1]?.replace(/^/, 'https://www.youtube.com/watch?v=') },
  { host: /(^|\.)player\.vimeo\.com$/, watch: (url) => /\/video\/(\d+)/.exec(url.pathname)?.[1]?.replace(/^/, 'https://vimeo.com/') },
  { host: /(^|\.)dailymotion\.com$/, watch: (url) => /\/embed\/video\/(\w+)/.exec(url.pathname)?.[1]?.replace(/^/, 'https://www.dailymotion.com/video/') },
  // Blogger's own video player.
  { host: /(^|\.)blogger\.com$/, watch: (url) => (url.pathname.includes('video') ? url.href : undefined) },
];

const bloggerImageHost = /(^|\.)(bp\.blogspot\.com|blogger\.googleusercontent\.com|googleusercontent\.com|blogger\.com|blogspot\.com)$/;

/** Inline styles Blogger's editor writes, as the classes site/styles/global.css gives them. */
function styleClasses(style: string): string[] {
  const classes: string[] = [];
  const s = style.toLowerCase().replace(/\s+/g, '');
  if (/text-align:center/.test(s)) classes.push('align-center');
  if (/text-align:right/.test(s)) classes.push('align-right');
  if (/float:left/.test(s)) classes.push('float-left');
  if (/float:right/.test(s)) classes.push('float-right');
  if (/clear:both/.test(s)) classes.push('clear');
  return classes;
}

function absolute(src: string, base: string | undefined): URL | undefined {
  try {
    return new URL(src.startsWith('//') ? `https:${src}` : src, base);
  } catch {
    return undefined;
  }
}

/** The address a <video>, <audio> or <picture> plays or shows first (its own, then its <source>s'), if http(s). */
function firstSource(element: Element, base: string | undefined): URL | undefined {
  const candidates = [element.getAttribute('src'), ...[...element.querySelectorAll('source')].flatMap((s) => [s.getAttribute('src'), s.getAttribute('srcset')?.trim().split(/\s+/)[0]])];
  for (const candidate of candidates) {
    const url = candidate ? absolute(candidate, base) : undefined;
    if (url && /^https?:$/.test(url.protocol)) return url;
  }
  return undefined;
}

/** The last part of the address's path, for a link's words; `fallback` when there is none. */
function fileName(url: URL, fallback = url.hostname): string {
  const last = url.pathname.split('/').pop() || fallback;
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // a malformed escape stays as it is
  }
}

function mediaLink(document: Document, className: string | undefined, text: string, url: URL): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = url.href;
  if (className) a.className = className;
  a.textContent = text;
  return a;
}

/**
 * Brings an image home (see images.ts): true when `img` now shows a local copy and stays; false
 * leaves it to become a link.
 */
export type PictureHook = (img: HTMLImageElement, src: URL) => boolean;

/**
 * Cleans one body. `base` is the post's old address (for relative links). Returns HTML on one
 * line, wrapped in one element, so that Markdown takes it as a single HTML block unchanged.
 */
export function cleanBloggerHtml(html: string, base: string | undefined, report: CleanReport, pictures?: PictureHook): string {
  const document = window.document;
  const root = document.createElement('div');
  root.innerHTML = html;

  for (const frame of [...root.querySelectorAll('iframe, embed, object')]) {
    const src = frame.getAttribute('src') ?? frame.getAttribute('data') ?? '';
    const url = absolute(src, base);
    const video = url && videoHosts.find((v) => v.host.test(url.hostname));
    const watch = video && url ? video.watch(url) : undefined;
    if (watch) {
      const p = document.createElement('p');
      p.className = 'imported-video';
      const a = document.createElement('a');
      a.href = watch;
      a.textContent = `Video: ${frame.getAttribute('title')?.trim() || watch}`;
      p.append(a);
      frame.replaceWith(p);
      report.videos++;
    } else {
      frame.remove();
      report.removed++;
    }
  }

  // <picture> is its <img>: the other sizes and formats in its <source>s are not fetched.
  for (const picture of [...root.querySelectorAll('picture')]) {
    const img = picture.querySelector('img');
    const src = img ? undefined : firstSource(picture, base);
    if (img) picture.replaceWith(img);
    else if (src) picture.replaceWith(mediaLink(document, 'imported-image', `[Image: ${fileName(src)}]`, src));
    else picture.remove();
  }

  for (const media of [...root.querySelectorAll('video, audio')]) {
    const src = firstSource(media, base);
    if (src) {
      const kind = media.localName === 'video' ? 'Video' : 'Sound';
      const p = document.createElement('p');
      p.className = `imported-${media.localName}`;
      p.append(mediaLink(document, undefined, `${kind}: ${media.getAttribute('title')?.trim() || fileName(src)}`, src));
      media.replaceWith(p);
      report.videos++;
    } else {
      media.remove();
      report.removed++;
    }
  }
  // Whatever is left of them outside a player: nothing that fetches.
  for (const element of [...root.querySelectorAll('source, track')]) element.remove();

  for (const img of [...root.querySelectorAll('img')]) {
    const src = img.getAttribute('src') ?? '';
    const width = Number(img.getAttribute('width'));
    const height = Number(img.getAttribute('height'));
    if ((width > 0 && width <= 2) || (height > 0 && height <= 2)) {
      img.remove(); // a tracking pixel
      report.removed++;
      continue;
    }
    if (src.startsWith('data:image/')) continue;
    const url = absolute(src, base);
    if (!url || !/^https?:$/.test(url.protocol)) {
      img.remove();
      report.removed++;
      continue;
    }
    if (bloggerImageHost.test(url.hostname)) report.bloggerImages++;
    else report.otherImages++;
    if (pictures?.(img, url)) continue;
    const label = img.getAttribute('alt')?.trim() || img.getAttribute('title')?.trim() || fileName(url, 'image');
    const text = document.createTextNode(`[Image: ${label}]`);
    // Blogger wraps an image in a link to its full size: the link stays, with the words inside.
    const link = img.closest('a');
    if (link) {
      img.replaceWith(text);
    } else {
      const a = document.createElement('a');
      a.href = url.href;
      a.className = 'imported-image';
      a.append(text);
      img.replaceWith(a);
    }
    // A space after the link, so the words around it do not run into it ("…varius.]Donec").
    ((link ?? text.parentNode) as Element).after(' ');
  }

  for (const element of [...root.querySelectorAll('[style]')]) {
    const classes = styleClasses(element.getAttribute('style') ?? '');
    element.removeAttribute('style');
    for (const c of classes) element.classList.add(c);
  }

  // Relative links point at the old blog.
  for (const a of [...root.querySelectorAll('a[href]')]) {
    const href = a.getAttribute('href')!;
    if (/^(#|mailto:|https?:)/i.test(href) || href.startsWith('/images/')) continue; // or a local copy (images.ts)
    const url = absolute(href, base);
    if (url && /^https?:$/.test(url.protocol)) a.setAttribute('href', url.href);
    else a.removeAttribute('href');
  }

  const before = root.querySelectorAll('*').length;
  const clean = purify.sanitize(root.innerHTML, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math', 'link', 'meta', 'base', 'video', 'audio', 'picture', 'source', 'track'],
    FORBID_ATTR: ['style', 'srcset', 'background', 'poster', 'ping'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM: true,
  }) as unknown as HTMLElement;
  report.removed += Math.max(0, before - clean.querySelectorAll('*').length);

  // One line: a newline inside <pre> is kept as a character reference, every other is a space.
  const keep = '\uE000';
  for (const pre of [...clean.querySelectorAll('pre, textarea')]) {
    const walker = document.createTreeWalker(pre, window.NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) node.nodeValue = node.nodeValue!.replace(/\r?\n/g, keep);
  }
  const out = clean.innerHTML.replace(/\r?\n/g, ' ').replaceAll(keep, '&#10;').trim();
  return `<div class="imported-post">${out}</div>`;
}

export const emptyCleanReport = (): CleanReport => ({ bloggerImages: 0, otherImages: 0, videos: 0, removed: 0 });
