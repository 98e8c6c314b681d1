// Every piece of comment HTML from the board is sanitised again in the browser, to the same
// allowlist as on the server: by the browser's own HTML sanitiser where it has one
// (Element.setHTML), else by DOMPurify, fetched only then (11 KB gzipped) and set up in a task of
// its own.

export type Sanitise = (html: string) => string;

const allowedTags = ['p', 'br', 'hr', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'];
/** A link leads to the web, to mail, or to an earlier comment of the thread ("#c12"). */
const allowedUri = /^(?:https?:|mailto:|#c\d+$)/i;

interface SanitizerHost {
  setHTML(html: string, options: { sanitizer: { elements: string[]; attributes: string[] } }): void;
}

/** The browser's own: it drops script and event handlers whatever the list says; the list and the link check do the rest. */
function nativeSanitiser(): Sanitise {
  const host = document.createElement('div');
  const options = { sanitizer: { elements: allowedTags, attributes: ['href', 'rel'] } };
  return (html) => {
    (host as unknown as SanitizerHost).setHTML(html, options);
    for (const element of host.querySelectorAll('[href]')) if (element.localName !== 'a' || !allowedUri.test(element.getAttribute('href') ?? '')) element.removeAttribute('href');
    for (const element of host.querySelectorAll('[rel]')) if (element.localName !== 'a') element.removeAttribute('rel');
    return host.innerHTML;
  };
}

/** DOMPurify, for a browser without one. */
async function purifySanitiser(): Promise<Sanitise> {
  const { default: purify } = await import('dompurify');
  // rel is not a URL: without ADD_URI_SAFE_ATTR DOMPurify checks it as one and drops it.
  const config = { ALLOWED_TAGS: allowedTags, ALLOWED_ATTR: ['href', 'rel'], ADD_URI_SAFE_ATTR: ['rel'], ALLOWED_URI_REGEXP: allowedUri };
  return (html) => purify.sanitize(html, config);
}

let sanitise: Sanitise | undefined;

/** Resolves once comment HTML can be sanitised here. */
export const sanitiserReady: Promise<void> = ('setHTML' in Element.prototype ? Promise.resolve(nativeSanitiser()) : purifySanitiser()).then((ready) => {
  sanitise = ready;
});

/** A comment's HTML from the board, sanitised again (after sanitiserReady). */
export function sanitisedHtml(html: string | null): string {
  if (!sanitise) throw new Error('The sanitiser is not ready yet');
  return sanitise(html ?? '');
}
