// Comment counts on listings: every [data-comment-count] link gets "N comments" from the API.
import { apiUrl } from './api-url.ts';

const links = [...document.querySelectorAll<HTMLAnchorElement>('a[data-comment-count]')];
const ids = [...new Set(links.map((a) => a.dataset['commentCount']!))];

async function fill(): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    const res = await fetch(apiUrl(`/api/counts?posts=${batch.map(encodeURIComponent).join(',')}`), { headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const { counts } = (await res.json()) as { counts: Record<string, number> };
    for (const link of links) {
      const n = counts[link.dataset['commentCount']!];
      if (n !== undefined) link.textContent = n === 0 ? 'No comments' : `${n} ${n === 1 ? 'comment' : 'comments'}`;
    }
  }
}

if (ids.length > 0) void fill().catch(() => undefined);
