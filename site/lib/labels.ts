// Labels are written by hand ("Guest posts", "guest Posts"): normalise them once into { slug, name }.

export interface Label {
  slug: string;
  name: string;
}

/** URL-safe slug of a label name: letters and digits of any script, joined by single hyphens. */
export function labelSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Trims and collapses spaces, drops duplicates by slug (first spelling wins), keeps the author's order. */
export function normaliseLabels(names: readonly string[]): Label[] {
  const seen = new Set<string>();
  const labels: Label[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    const slug = labelSlug(name);
    if (slug === '' || seen.has(slug)) continue;
    seen.add(slug);
    labels.push({ slug, name });
  }
  return labels;
}

export interface LabelCount extends Label {
  count: number;
}

/**
 * Every label in use with its number of posts, sorted by name. Where posts spell a label
 * differently, the most used spelling names it (ties: the first in code-point order,
 * so capitalised spellings win).
 */
export function countLabels(posts: readonly { labels: readonly Label[] }[]): LabelCount[] {
  const bySlug = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const post of posts) {
    for (const { slug, name } of post.labels) {
      const entry = bySlug.get(slug) ?? { count: 0, spellings: new Map<string, number>() };
      entry.count += 1;
      entry.spellings.set(name, (entry.spellings.get(name) ?? 0) + 1);
      bySlug.set(slug, entry);
    }
  }
  const counts: LabelCount[] = [];
  for (const [slug, { count, spellings }] of bySlug) {
    const [name] = [...spellings].sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0))[0]!;
    counts.push({ slug, name, count });
  }
  return counts.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.slug.localeCompare(b.slug));
}
