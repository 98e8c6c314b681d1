// The order a post's imported comments are stored in: parents before their replies, so each
// reply finds its parent's row. Pure, tested without a database.

/**
 * A post's comments with their parents, in an order where every parent comes before its replies
 * (oldest first among siblings). A reply whose parent is missing becomes a comment on the post.
 */
export function threadOrder<T extends { number: string; parent: string | undefined; published: number }>(
  list: readonly T[],
  onOrphan: (comment: T) => void,
): { comment: T; parent: string | undefined }[] {
  const byNumber = new Map(list.map((c) => [c.number, c]));
  const children = new Map<string | undefined, T[]>();
  for (const c of list) {
    let parent = c.parent !== undefined && c.parent !== c.number && byNumber.has(c.parent) ? c.parent : undefined;
    if (c.parent !== undefined && parent === undefined && c.parent !== c.number) onOrphan(c);
    // A cycle (damaged data) is broken where it is found.
    if (parent !== undefined) {
      const seen = new Set([c.number]);
      for (let up: string | undefined = parent; up !== undefined; up = byNumber.get(up)?.parent) {
        if (seen.has(up)) {
          parent = undefined;
          break;
        }
        seen.add(up);
      }
    }
    const siblings = children.get(parent) ?? [];
    siblings.push(c);
    children.set(parent, siblings);
  }
  const out: { comment: T; parent: string | undefined }[] = [];
  const visit = (parent: string | undefined) => {
    const siblings = (children.get(parent) ?? []).sort((a, b) => a.published - b.published || a.number.localeCompare(b.number));
    for (const c of siblings) {
      out.push({ comment: c, parent });
      visit(c.number);
    }
  };
  visit(undefined);
  return out;
}
