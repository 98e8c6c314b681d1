// A post's id is its file name without the extension: "2021/losing-the-plot.mdx" -> "losing-the-plot".

export function postIdFromPath(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/\.(md|mdx)$/i, '');
}

/** A file name that is safe as a post id and in a URL: lower-case letters, digits and hyphens. */
export function isValidPostId(id: string): boolean {
  return /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(id) && id.length <= 120;
}
