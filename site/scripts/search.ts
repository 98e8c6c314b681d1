// Drives the search page with Pagefind's JavaScript API. Results are built as DOM nodes:
// Pagefind's excerpts are HTML with <mark>, which we rebuild from text instead of parsing.

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  mergeIndex(url: string): Promise<void>;
  search(term: string, options?: { filters?: Record<string, string> }): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
}

const pageSize = 20;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Turns "a <mark>b</mark> c" into text and <mark> nodes, decoding entities; any other markup stays text. */
function excerptNodes(excerpt: string): Node[] {
  const decode = (s: string) => new DOMParser().parseFromString(`<!doctype html><body>${s}`, 'text/html').body.textContent ?? '';
  return excerpt.split(/(<mark>.*?<\/mark>)/g).filter(Boolean).map((part) => {
    const marked = /^<mark>(.*)<\/mark>$/.exec(part);
    return marked ? element('mark', decode(marked[1]!)) : document.createTextNode(decode(part));
  });
}

export function startSearch(): void {
  const form = document.querySelector<HTMLFormElement>('[data-search-form]');
  const status = document.querySelector<HTMLElement>('[data-search-status]');
  const list = document.querySelector<HTMLOListElement>('[data-search-results]');
  if (!form || !status || !list) return;
  const input = form.elements.namedItem('q') as HTMLInputElement;
  const select = form.elements.namedItem('label') as HTMLSelectElement;

  // One index per year of posts (see build/search-index.ts): the newest year's script searches
  // them all once the others are merged into it.
  let pagefind: Promise<Pagefind | undefined> | undefined;
  const load = () => {
    pagefind ??= fetch('/pagefind/shards.json')
      .then((response) => {
        if (!response.ok) throw new Error(`shards.json: ${response.status}`);
        return response.json() as Promise<{ years: string[] }>;
      })
      .then(async ({ years }) => {
        const [newest, ...older] = years;
        if (newest === undefined) return undefined;
        const pf = (await import(/* @vite-ignore */ `/pagefind/${newest}/pagefind.js`)) as Pagefind;
        await pf.options({ excerptLength: 30 });
        for (const year of older) await pf.mergeIndex(`/pagefind/${year}/`);
        return pf;
      });
    return pagefind;
  };

  let generation = 0;
  async function run(term: string, label: string) {
    const mine = ++generation;
    list!.replaceChildren();
    if (!term.trim()) {
      status!.textContent = '';
      return;
    }
    status!.textContent = 'Searching…';
    try {
      const pf = await load();
      const search = pf ? await pf.search(term, label ? { filters: { label } } : {}) : { results: [] };
      const data = await Promise.all(search.results.slice(0, pageSize).map((r) => r.data()));
      if (mine !== generation) return;
      const where = label ? ` with label ${label}` : '';
      status!.textContent =
        search.results.length === 0
          ? `No posts${where} match “${term}”.`
          : `${search.results.length} ${search.results.length === 1 ? 'post' : 'posts'}${where} match “${term}”${search.results.length > pageSize ? `; showing the first ${pageSize}` : ''}.`;
      for (const result of data) {
        const item = element('li');
        const heading = element('h2');
        const link = element('a', result.meta.title ?? result.url);
        link.href = result.url;
        heading.append(link);
        const excerpt = element('p');
        excerpt.append(...excerptNodes(result.excerpt));
        item.append(heading, excerpt);
        list!.append(item);
      }
    } catch {
      if (mine === generation) status!.textContent = 'Search is not available right now. Posts can still be found by label or in the archive.';
    }
  }

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  select.value = params.get('label') ?? '';
  if (input.value) void run(input.value, select.value);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    next.set('q', input.value);
    if (select.value) next.set('label', select.value);
    history.replaceState(null, '', `?${next}`);
    void run(input.value, select.value);
  });
}
