// Server-rendered pages wear the built site's own shell (head, header, navigation, footer, CSP),
// taken from dist/404.html, so they look like every other page without a second template.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from '../site/lib/html.ts';

export interface PageShell {
  /**
   * `drawnWith`: the id of an element the page must not be drawn without (<link rel="expect">): the
   * browser draws nothing until the parser has read it. Put at the end of an autofocused element,
   * that element is scrolled to with all of its content, not while the rest of it is still arriving
   * (on a busy machine a frame drawn mid-page left it partly below the window).
   */
  render(page: { title: string; main: string; drawnWith?: string | undefined }): string;
}

/**
 * `pagesUrl`: when the pages live on another origin (API_URL), the shell's links (header,
 * navigation, footer) lead there, not to this server's copy; its stylesheets and scripts stay on
 * this origin, as the Content Security Policy requires.
 */
export function loadPageShell(distDir: string, siteTitle = 'Befriend', pagesUrl?: string): PageShell {
  let html: string;
  try {
    html = readFileSync(join(distDir, '404.html'), 'utf8');
  } catch {
    html = '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Befriend</title></head><body><main id="main" class="wrap"></main></body></html>';
  }
  const open = /<main\b[^>]*>/.exec(html);
  const close = html.lastIndexOf('</main>');
  const toPages = (part: string) => (pagesUrl ? part.replace(/(<a\b[^>]*\bhref=")\/(?!\/)/g, `$1${pagesUrl}/`) : part);
  const before = toPages(open ? html.slice(0, open.index + open[0].length) : html);
  const after = toPages(close === -1 ? '' : html.slice(close));
  return {
    render({ title, main, drawnWith }) {
      let head = before
        .replace(/<title>[\s\S]*?<\/title>/, `<title>${escapeHtml(title)} — ${escapeHtml(siteTitle)}</title>`)
        .replace(/<meta name="robots"[^>]*>/, '<meta name="robots" content="noindex">');
      if (drawnWith) head = head.replace('</head>', `<link rel="expect" href="#${escapeHtml(drawnWith)}" blocking="render"></head>`);
      return `${head}${main}${after}`;
    },
  };
}
