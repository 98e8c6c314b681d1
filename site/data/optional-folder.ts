// A content folder that may be missing: most blogs have no standalone pages, and the glob loader
// would warn on every build that the folder does not exist.
import { existsSync } from 'node:fs';
import type { Loader } from 'astro/loaders';

/** Runs `loader` when `base` exists (resolved from the project root, as the glob loader does); otherwise the collection is empty. */
export function optionalFolder(base: string, loader: Loader): Loader {
  return {
    ...loader,
    load: async (context) => {
      if (existsSync(new URL(base, context.config.root))) return loader.load(context);
      // Entries kept from an earlier build must go with the folder.
      context.store.clear();
    },
  };
}
