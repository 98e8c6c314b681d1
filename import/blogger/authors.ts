// The blog's own authors, by their Blogger profile address: a name alone is anyone's to type.
// Their comments get the Staff badge.

export interface BlogAuthors {
  add(uri: string): void;
  has(uri: string | undefined): boolean;
}

/** One profile however it was written: with or without its scheme and trailing slash. */
const profile = (uri: string) => uri.trim().replace(/^https?:/i, '').replace(/\/+$/, '');

export function blogAuthors(): BlogAuthors {
  const uris = new Set<string>();
  return {
    add: (uri) => void uris.add(profile(uri)),
    has: (uri) => uri !== undefined && uris.has(profile(uri)),
  };
}
