// Text made safe to place in HTML, in text or in a quoted attribute: one escaping for the server's
// pages, the Markdown renderer, the importer and the build's moved pages.

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char] ?? char);
}
