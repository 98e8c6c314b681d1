// Structure an HTML parser keeps as it was written, repaired into valid HTML. The parser (jsdom's,
// parse5) already closes unclosed tags and takes blocks out of paragraphs; it keeps lists inside
// lists with no item between, list items outside any list, blocks inside bold or span (Blogger's
// editor writes all of these), and the old `<a name>` anchors.

const flowOnly = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul', 'figcaption', 'center']);
/** Blocks that may take phrasing content: a bold or span around them moves inside. */
const takesPhrasing = new Set(['div', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'li', 'center', 'address', 'figcaption']);
const phrasing = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'label', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var']);
const lists = new Set(['ul', 'ol', 'menu']);
const headings = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Where a heading may go: a heading around a block moves inside it only if the block may hold headings. */
const holdsHeadings = new Set(['div', 'blockquote', 'li', 'center']);
/** Parents whose content is text only: a link in them may not hold blocks. */
const textOnly = new Set([...phrasing, ...headings, 'p', 'pre']);

const isBlank = (node: Node) => node.nodeType === 3 && !/\S/.test(node.nodeValue ?? '');
const nameOf = (node: Node) => (node.nodeType === 1 ? (node as Element).localName : '');

/** Lists' children that are not items go into the item before them (a sublist, as meant), or an item of their own. */
function repairLists(root: Element, fixed: Set<string>): void {
  for (const list of [...root.querySelectorAll('ul, ol, menu')]) {
    let item: Element | undefined;
    for (const child of [...list.childNodes]) {
      if (nameOf(child) === 'li') item = child as Element;
      else if (isBlank(child) || child.nodeType === 8) continue;
      else {
        fixed.add(lists.has(nameOf(child)) ? 'a list directly inside a list, moved into the item before it' : 'content directly inside a list, put into an item');
        if (!item) {
          item = root.ownerDocument.createElement('li');
          list.insertBefore(item, child);
        }
        item.append(child);
      }
    }
  }
}

/** List items outside any list: each run of them becomes a list. */
function repairStrayItems(root: Element, fixed: Set<string>): void {
  for (const item of [...root.querySelectorAll('li')]) {
    if (!root.contains(item) || lists.has(nameOf(item.parentNode!))) continue;
    fixed.add('list items outside a list, put into one');
    const list = root.ownerDocument.createElement('ul');
    item.before(list);
    let node: Node | null = item;
    while (node && (nameOf(node) === 'li' || isBlank(node))) {
      const next: Node | null = node.nextSibling;
      list.append(node);
      node = next;
    }
  }
}

/** `<b><div>x</div></b>` → `<div><b>x</b></div>`: the formatting moves into each block, around its text. */
function pushInto(element: Element): void {
  const out: Node[] = [];
  let run: Element | undefined;
  for (const child of [...element.childNodes]) {
    if (flowOnly.has(nameOf(child))) {
      run = undefined;
      const block = child as Element;
      if ((headings.has(element.localName) ? holdsHeadings : takesPhrasing).has(block.localName) && block.childNodes.length > 0) {
        const inner = element.cloneNode(false) as Element;
        inner.removeAttribute('id');
        inner.append(...block.childNodes);
        block.append(inner);
        if ([...inner.children].some((c) => flowOnly.has(c.localName))) pushInto(inner);
      }
      out.push(block);
    } else {
      if (!run) {
        run = element.cloneNode(false) as Element;
        if (out.length > 0) run.removeAttribute('id');
        out.push(run);
      }
      run.append(child);
    }
  }
  element.replaceWith(...out.filter((node) => !(node === run && [...node.childNodes].every(isBlank) && out.length > 1)));
}

/** Blocks inside elements that hold only text (a span, bold, a heading, a link in a paragraph…). */
function repairBlocksInPhrasing(root: Element, fixed: Set<string>): void {
  // Innermost first, so that an element's blocks are settled before its parent's are looked at.
  for (const element of [...root.querySelectorAll([...phrasing, ...headings].join(','))].reverse()) {
    if (!root.contains(element) || ![...element.children].some((c) => flowOnly.has(c.localName))) continue;
    // A link may hold blocks where its parent may.
    if (element.localName === 'a' && !textOnly.has(nameOf(element.parentNode!))) continue;
    fixed.add(`blocks inside <${element.localName}>, which holds only text: it now goes inside them`);
    pushInto(element);
  }
}

/** Old anchors `<a name="x">` become `id="x"` (what `#x` finds today), unless the id is taken. */
function repairNamedAnchors(root: Element, fixed: Set<string>): void {
  const ids = new Set([...root.querySelectorAll('[id]')].map((e) => e.id));
  for (const anchor of [...root.querySelectorAll('a[name]')]) {
    const name = anchor.getAttribute('name')!;
    anchor.removeAttribute('name');
    if (!anchor.id && name && !/\s/.test(name) && !ids.has(name)) {
      anchor.id = name;
      ids.add(name);
    }
    fixed.add('old-style anchors (<a name>) made ids');
  }
}

/** Repairs the body in place; returns what was repaired (empty when nothing was). */
export function repairStructure(root: Element): string[] {
  const fixed = new Set<string>();
  repairStrayItems(root, fixed);
  repairBlocksInPhrasing(root, fixed);
  repairLists(root, fixed);
  repairNamedAnchors(root, fixed);
  return [...fixed];
}
