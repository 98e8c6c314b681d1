// Feed readers do not know the site's origin: links and images in feed content must be absolute.

export function absolutiseLinks(html: string, site: string): string {
  return html.replace(/\b(href|src)="(\/(?!\/)[^"]*)"/g, (_, attr: string, path: string) => `${attr}="${new URL(path, site).href}"`);
}
