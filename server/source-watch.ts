// Watches the site's sources (the posts, the pages, site/, public/, the Astro configuration) and
// reports changes after a quiet moment, so that a burst of saves (an editor's, a git pull's) is one
// build. Editors' temporary and hidden files are not changes.
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';

export interface SourceWatch {
  close(): void;
}

/** Hidden files, editors' swap and backup files, and temporary files written before a rename. */
function isIgnored(name: string): boolean {
  return name.split(/[\\/]/).some((part) => part.startsWith('.')) || /(~|\.swp|\.swx|\.tmp)$/.test(name) || /^#.*#$/.test(basename(name));
}

/**
 * Calls `onChange` with the changed paths (relative to `root`) once no change has come for
 * `quietMs`. Paths that do not exist yet are not watched.
 */
export async function watchSources(root: string, paths: readonly string[], onChange: (changed: string[]) => void, quietMs = 400): Promise<SourceWatch> {
  const watchers: FSWatcher[] = [];
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const note = (path: string) => {
    changed.add(relative(root, path) || path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...changed].sort();
      changed = new Set();
      onChange(paths);
    }, quietMs);
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    const watcher = info.isDirectory()
      ? watch(path, { recursive: true }, (_event, name) => {
          if (name && !isIgnored(name)) note(join(path, name));
        })
      : watch(path, () => note(path));
    watcher.on('error', (error) => console.error(`Watching ${relative(root, path) || path} stopped (${error.message}); changes there need a restart to be published.`));
    watchers.push(watcher);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
