// Which .mdx posts can be rendered as plain Markdown: those that use nothing of MDX.

/**
 * True when an MDX body has no tags, expressions, ESM lines or indented code (which MDX does not
 * support and Markdown renders as code): such a body renders the same through either pipeline.
 */
export function isPlainMarkdown(body: string): boolean {
  return !/[<{}]/.test(body) && !/^(?:import|export)\s/m.test(body) && !/^(?: {4}|\t)/m.test(body);
}

/** The file without its frontmatter. */
export function markdownBody(source: string): string {
  return source.replace(/^---\r?\n[\s\S]*?\r?\n---(?:\r?\n|$)/, '');
}
