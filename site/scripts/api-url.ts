// Where the pages' scripts reach the comment API: the page's own origin, or the one the build was
// given (API_URL), which the layout writes on <html data-api-origin>. fetch() sends cookies only to
// the page's own origin, so across origins the API gets none (and it allows none).

export function apiUrl(path: string): string {
  return `${document.documentElement.dataset['apiOrigin'] ?? ''}${path}`;
}
