// The desk's preview: a post's body as the site will show it, with the site's own component markup
// (site/lib/post-components.ts) and Markdown read by the MDX parser the build uses, with the same
// features (GitHub tables and lists, smart punctuation). Only bodies in the desk's subset are
// previewed: what is outside it is reported instead, by line and column.
import { toHtml } from 'hast-util-to-html';
import { mdxToHast, type HastNode } from 'satteri';
import { contributionHtml, pullQuoteHtml, removedNoticeHtml } from '../site/lib/post-components.ts';
import { allowedElements, checkSafeMdx, type SubsetProblem } from './safe-mdx.ts';

interface JsxNode {
  type: string;
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: JsxNode[];
}

type Root = Parameters<typeof toHtml>[0];

function attributesOf(node: JsxNode): Record<string, string> {
  const props: Record<string, string> = {};
  for (const attribute of node.attributes ?? []) if (attribute.type === 'mdxJsxAttribute' && attribute.name && typeof attribute.value === 'string') props[attribute.name] = attribute.value;
  return props;
}

/** Replaces the MDX elements of a hast tree by what they render to. */
function resolve(nodes: JsxNode[], site: { timeZone: string; locale: string }): JsxNode[] {
  return nodes.flatMap((node): JsxNode[] => {
    if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') {
      return node.children ? [{ ...node, children: resolve(node.children, site) }] : [node];
    }
    const children = resolve(node.children ?? [], site);
    const inner = () => toHtml({ type: 'root', children } as unknown as Root, { allowDangerousHtml: true });
    const props = attributesOf(node);
    switch (node.name) {
      case 'PullQuote':
        return [{ type: 'raw', value: pullQuoteHtml(props, inner()) } as JsxNode];
      case 'Contribution':
        return [{ type: 'raw', value: contributionHtml(props, inner(), site.timeZone, site.locale) } as JsxNode];
      case 'RemovedAtAuthorsRequest':
        return [{ type: 'raw', value: removedNoticeHtml(props, site.timeZone, site.locale) } as JsxNode];
      default:
        return node.name && allowedElements.has(node.name) ? [{ type: 'element', tagName: node.name, properties: {}, children } as unknown as JsxNode] : children;
    }
  });
}

/** The body's HTML, or what keeps it out of the subset. */
export function previewBody(body: string, site: { timeZone: string; locale: string }): { html: string } | { problems: SubsetProblem[] } {
  const problems = checkSafeMdx(body);
  if (problems.length > 0) return { problems };
  const tree = mdxToHast(body, { features: { gfm: true, smartPunctuation: true } }) as HastNode & { children: JsxNode[] };
  const root = { type: 'root', children: resolve(tree.children, site) } as unknown as Root;
  return { html: toHtml(root, { allowDangerousHtml: true }) };
}
