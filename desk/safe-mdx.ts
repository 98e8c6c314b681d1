// The subset of MDX the desk saves. MDX is code that runs when the site is built, so a post written
// in the browser may use Markdown, a short list of HTML elements without attributes, and the site's
// three components with literal string attributes: no import or export, no {expressions}, no other
// elements, no links to scripts and no pictures from other sites. The check parses the text with
// the MDX parser the build uses (satteri), so what it passes is what the build reads.
import { mdxToMdast, type MdastNode } from 'satteri';

export interface SubsetProblem {
  line: number;
  column: number;
  message: string;
}

/** The site's components (site/components/mdx.ts) and the attributes each takes. */
export const postComponents: Readonly<Record<string, readonly string[]>> = {
  PullQuote: ['cite'],
  Contribution: ['from', 'received'],
  RemovedAtAuthorsRequest: ['removed'],
};

/** HTML a post may use inline, as Blogger's editor wrote it: no attributes, nothing that loads. */
export const allowedElements: ReadonlySet<string> = new Set(['b', 'i', 'em', 'strong', 'u', 's', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'kbd', 'cite', 'q', 'br']);

/** Where a link may lead: the web, mail, or this site. */
const safeLink = (url: string) => /^(https?:|mailto:|\/(?!\/)|#|\.{0,2}\/)/i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url);

/** A picture comes from this site (an upload under /images/), never another: readers' browsers would ask it. */
const localImage = (url: string) => /^\/(?!\/)/.test(url);

interface Jsx {
  type: string;
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  position?: { start?: { line?: number; column?: number } } | undefined;
}

function at(node: Jsx): { line: number; column: number } {
  const start = node.position?.start;
  return { line: start?.line ?? 1, column: start?.column ?? 1 };
}

function checkElement(node: Jsx, problems: SubsetProblem[]): void {
  const where = at(node);
  const name = node.name;
  if (!name) {
    problems.push({ ...where, message: 'a fragment (<>…</>) is not allowed: write the text without it' });
    return;
  }
  const componentAttributes = postComponents[name];
  if (!componentAttributes && !allowedElements.has(name)) {
    const allowed = `${Object.keys(postComponents).join(', ')} and the HTML elements ${[...allowedElements].join(', ')}`;
    problems.push({ ...where, message: `<${name}> is not allowed in a post: only ${allowed} may be used` });
    return;
  }
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute') {
      problems.push({ ...where, message: `<${name}> has a {…} spread: attributes must be written as name="text"` });
      continue;
    }
    const attributeName = attribute.name ?? '';
    if (/^on/i.test(attributeName)) {
      problems.push({ ...where, message: `<${name} ${attributeName}>: event handlers (on…) are not allowed` });
    } else if (!componentAttributes?.includes(attributeName)) {
      const takes = componentAttributes?.length ? `: it takes ${componentAttributes.join(', ')}` : ' (it takes none)';
      problems.push({ ...where, message: `<${name}> has no attribute "${attributeName}"${takes}` });
    } else if (typeof attribute.value !== 'string') {
      problems.push({ ...where, message: `<${name} ${attributeName}> must be text in quotes (${attributeName}="…"), not an expression` });
    }
  }
}

function walk(node: Jsx, problems: SubsetProblem[]): void {
  switch (node.type) {
    case 'mdxjsEsm':
      problems.push({ ...at(node), message: 'import and export are not allowed in a post: the site’s components need no import' });
      return;
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      problems.push({ ...at(node), message: 'a {…} expression is not allowed in a post: to show a brace, write \\{' });
      return;
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement':
      checkElement(node as Jsx, problems);
      break;
    case 'link':
    case 'definition': {
      const url = String((node as { url?: unknown }).url ?? '');
      if (!safeLink(url)) problems.push({ ...at(node), message: `the link "${url.slice(0, 60)}" is not allowed: links lead to http(s), mailto or this site` });
      break;
    }
    case 'image':
    case 'imageReference': {
      const url = String((node as { url?: unknown }).url ?? '');
      if (node.type === 'image' && !localImage(url)) problems.push({ ...at(node), message: `the picture "${url.slice(0, 60)}" is on another site: upload it, so that readers’ browsers ask no one else` });
      break;
    }
    default:
      break;
  }
  for (const child of (node as { children?: Jsx[] }).children ?? []) walk(child, problems);
}

/** What keeps `body` (a post without its frontmatter) out of the subset, by line and column; [] if nothing. */
export function checkSafeMdx(body: string, firstLine = 1): SubsetProblem[] {
  let tree: MdastNode;
  try {
    tree = mdxToMdast(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const place = /^(\d+):(\d+):\s*/.exec(message);
    const text = message.replace(/^(\d+):(\d+):\s*/, '').replace(/\s*\(mdx[^)]*\)\s*$/, '');
    return [{ line: (place ? Number(place[1]) : 1) + firstLine - 1, column: place ? Number(place[2]) : 1, message: `the text is not valid MDX: ${text}` }];
  }
  const problems: SubsetProblem[] = [];
  walk(tree as Jsx, problems);
  return problems.map((problem) => ({ ...problem, line: problem.line + firstLine - 1 }));
}

/** "line 3, column 1: …", one per line. */
export function describeSubsetProblems(problems: readonly SubsetProblem[]): string {
  return problems.map((p) => `line ${p.line}, column ${p.column}: ${p.message}`).join('\n');
}
