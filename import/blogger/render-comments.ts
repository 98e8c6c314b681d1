// Renders the comments while the export is still being read: a few hundred at a time to the
// render workers, each result staged with its comment. A body too intricate for the renderer is
// kept as plain text, never lost.
import { escapeHtml } from '../../api/page-shell.ts';
import { sanitizeCommentHtml } from '../../api/render/markdown.ts';
import type { Renderer, Warn } from './run.ts';
import type { Staging, StagedComment } from './staging.ts';

export interface CommentRendering {
  /** Queues a comment; its rendering is staged with it once done. */
  add(post: string, comment: StagedComment): Promise<void>;
  /** Renders what is queued and waits for every batch; throws the first failure. */
  finish(): Promise<void>;
  /** Waits for the batches under way, whatever they end in (before cleaning up after a failure). */
  settle(): Promise<void>;
}

export function commentRendering(renderer: Renderer, staging: Staging, warn: Warn): CommentRendering {
  const plainFallback = (source: string, line: number): string => {
    warn(`Line ${line}: a comment too intricate to render is kept as plain text.`);
    return sanitizeCommentHtml(
      source
        .replace(/\\(.)/g, '$1')
        .split(/\n{2,}/)
        .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
        .join(''),
    );
  };
  const renderOne = (source: string, line: number): Promise<string> => renderer.render(source).catch(() => plainFallback(source, line));
  /** Renders many comments, in batches of a few hundred per message to the worker threads. */
  const renderAll = async (items: readonly { source: string; line: number }[]): Promise<string[]> => {
    if (!renderer.renderBatch) return Promise.all(items.map((item) => renderOne(item.source, item.line)));
    const size = 200;
    const chunks = Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
    const rendered = await Promise.all(
      chunks.map(async (chunk) => {
        // A batch that overran its time holds a pathological body: each is rendered on its own then.
        const results = await renderer.renderBatch!(chunk.map((item) => item.source)).catch(() => undefined);
        if (!results) return Promise.all(chunk.map((item) => renderOne(item.source, item.line)));
        return results.map((result, i) => (typeof result === 'string' ? result : plainFallback(chunk[i]!.source, chunk[i]!.line)));
      }),
    );
    return rendered.flat();
  };

  const toRender: { post: string; comment: StagedComment }[] = [];
  const renderingBatches = new Set<Promise<void>>();
  let renderFailure: unknown;
  const renderPending = async () => {
    const pending = toRender.splice(0);
    if (pending.length === 0) return;
    const job = renderAll(pending.map(({ comment }) => ({ source: comment.source, line: comment.line })))
      .then(async (html) => {
        for (const [i, { post, comment }] of pending.entries()) await staging.add(post, { ...comment, html: html[i]! });
      })
      .catch((error: unknown) => {
        renderFailure ??= error;
      });
    renderingBatches.add(job);
    void job.finally(() => renderingBatches.delete(job));
    // Enough batches waiting to keep every worker busy; no more, so memory stays flat.
    if (renderingBatches.size >= 4) await Promise.race(renderingBatches);
    if (renderFailure) throw renderFailure;
  };

  return {
    async add(post, comment) {
      toRender.push({ post, comment });
      if (toRender.length >= 200) await renderPending();
    },
    async finish() {
      await renderPending();
      await Promise.all(renderingBatches);
      if (renderFailure) throw renderFailure;
    },
    async settle() {
      await Promise.allSettled(renderingBatches);
    },
  };
}
