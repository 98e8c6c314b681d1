// A post's id is its file name without the extension: "2021/losing-the-plot.mdx" -> "losing-the-plot".

export function postIdFromPath(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/\.(md|mdx)$/i, '');
}

/** A file name that is safe as a post id and in a URL: lower-case letters, digits and hyphens. */
export function isValidPostId(id: string): boolean {
  return /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(id) && id.length <= 120;
}

/** A title as a file name: lower-case letters, digits and hyphens, at most 80 characters. */
export function slugifyTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** A slug no other post uses: "title", then "title-2", "title-3", ... */
export function uniqueSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
