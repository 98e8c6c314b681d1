// The posts loader: Astro's glob loader, made to scale to thousands of posts.
// - An .mdx post that uses nothing of MDX is rendered as Markdown when content is synced (as .md
//   posts are), instead of being compiled into a JavaScript module for the bundler: ~6 ms and
//   ~0.4 MB of build per post (measured with `npm run bench:build`).
// - Rendered HTML is kept in files under Astro's cache folder, not in the data store, which Astro
//   compiles into the build as one large JavaScript string (5,000 posts: 30 MB, ~4 s to load).
// - The store keeps each post's opening words for excerpts instead of its whole source.
// - HTML set aside for a post that no longer has any (deleted, or now rendered as MDX) is deleted.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { opening, openingVersion } from '../lib/excerpt.ts';
import { isPlainMarkdown, markdownBody } from '../lib/plain-markdown.ts';

type Rendered = Awaited<ReturnType<LoaderContext['renderMarkdown']>>;

/**
 * Wraps the glob loader: plain .mdx posts are rendered as Markdown, and the store keeps only the
 * opening words of each post (for excerpts) rather than its whole source, which Astro would
 * otherwise compile into the build as one large JavaScript string.
 */
export function postsLoader(loader: Loader): Loader {
  return {
    ...loader,
    load: async (context) => {
      // The glob loader skips files that have not changed since the last sync, so openings taken
      // the way an older version took them would stay: a new way starts the store afresh.
      if (context.meta.get('opening-version') !== String(openingVersion)) {
        context.store.clear();
        context.meta.set('opening-version', String(openingVersion));
      }
      const asMarkdown = new Map<string, Rendered>();
      // A post's id is its file name: two files with one name in different folders would
      // silently replace each other in the store.
      const pathsById = new Map<string, string>();
      const htmlDir = join(fileURLToPath(context.config.cacheDir), 'post-html');
      await mkdir(htmlDir, { recursive: true });
      const writes: Promise<void>[] = [];
      /** The HTML goes to a file of its own; the store keeps its path. */
      const aside = (id: string, rendered: Rendered): Rendered => {
        const htmlFile = join(htmlDir, `${encodeURIComponent(id)}.html`);
        writes.push(writeFile(htmlFile, rendered.html));
        return { ...rendered, html: '', metadata: { ...rendered.metadata, htmlFile } };
      };
      await loader.load({
        ...context,
        parseData: async (props) => {
          const seen = pathsById.get(props.id);
          if (props.filePath && seen && seen !== props.filePath) {
            throw new Error(`Two posts have the id "${props.id}": ${seen} and ${props.filePath}. A post's id is its file name; rename one of them.`);
          }
          if (props.filePath) pathsById.set(props.id, props.filePath);
          const data = await context.parseData(props);
          if (props.filePath?.endsWith('.mdx')) {
            const body = markdownBody(await readFile(props.filePath, 'utf8'));
            if (isPlainMarkdown(body)) {
              asMarkdown.set(props.id, await context.renderMarkdown(body, { fileURL: pathToFileURL(props.filePath) }));
            }
          }
          return data;
        },
        store: {
          ...context.store,
          set: ({ body, deferredRender, ...entry }) => {
            const data = { ...entry.data, opening: opening(body ?? '') };
            const asMd = deferredRender ? asMarkdown.get(entry.id) : undefined;
            if (entry.rendered?.html) return context.store.set({ ...entry, data, rendered: aside(entry.id, entry.rendered) });
            const rendered = asMd ? aside(entry.id, asMd) : undefined;
            if (rendered) {
              const images = rendered.metadata?.imagePaths ?? [];
              return context.store.set({ ...entry, data, rendered, ...(images.length > 0 ? { assetImports: images } : {}) });
            }
            return context.store.set({ ...entry, data, ...(deferredRender === undefined ? {} : { deferredRender }) });
          },
        },
      });
      await Promise.all(writes);
      // HTML set aside for a post that is gone, or that now renders as MDX components, is deleted:
      // a post removed at its author's request must not live on in the cache.
      const kept = new Set(context.store.values().map((entry) => entry.rendered?.metadata?.['htmlFile']));
      const names = await readdir(htmlDir).catch(() => [] as string[]);
      await Promise.all(names.map((name) => join(htmlDir, name)).filter((path) => !kept.has(path)).map((path) => rm(path, { force: true })));
    },
  };
}
