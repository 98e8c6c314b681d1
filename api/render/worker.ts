// A render worker: turns comment bodies into HTML one message at a time, off the server's main
// thread. Handling one message per turn of the event loop also lets jsdom release each document.
import { parentPort } from 'node:worker_threads';
import { renderCommentHtml, RenderRefusedError } from './markdown.ts';

/** What the pool posts: the Markdown source of one body, or of several (for an import). */
export type RenderRequest = string | { batch: string[] };

type Outcome =
  | { type: 'rendered'; html: string }
  /** code is body_too_complex for a RenderRefusedError; absent for a bug. */
  | { type: 'failed'; code: string | undefined; message: string };

export type RenderReply = { type: 'ready' } | Outcome | { type: 'batch'; results: Outcome[] };

if (!parentPort) throw new Error('worker.ts runs as a worker thread (see pool.ts)');
const port = parentPort;

// A few renders before the first request, so the pool's timeout never meets cold code.
const sample = '> A quote, *with* **marks**\n\nA reply with `code`, ~~a slip~~ and a [link](https://example.org).\n\n- one\n- two\n\n1. first\n2. second';
for (let i = 0; i < 20; i++) renderCommentHtml(`${sample}\n\n${i}`);

port.on('message', async (request: RenderRequest) => {
  if (typeof request === 'string') return port.postMessage(render(request));
  // A turn of the event loop between bodies lets jsdom release each document.
  const results: Outcome[] = [];
  for (const source of request.batch) {
    results.push(render(source));
    await new Promise((resolve) => setImmediate(resolve));
  }
  port.postMessage({ type: 'batch', results } satisfies RenderReply);
});
port.postMessage({ type: 'ready' } satisfies RenderReply);

function render(source: string): Outcome {
  try {
    return { type: 'rendered', html: renderCommentHtml(source) };
  } catch (error) {
    const code = error instanceof RenderRefusedError ? error.code : undefined;
    return { type: 'failed', code, message: error instanceof Error ? error.message : String(error) };
  }
}
