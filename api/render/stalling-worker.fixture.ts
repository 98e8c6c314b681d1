// A stand-in render worker for pool tests: "stall" blocks it for a minute and "nap" for 300 ms,
// both without using CPU; anything else comes back at once, wrapped in <p>. It speaks worker.ts's
// protocol, batches included.
import { parentPort } from 'node:worker_threads';
import type { RenderReply } from './worker.ts';

if (!parentPort) throw new Error('stalling-worker.fixture.ts runs as a worker thread');
const port = parentPort;

function render(source: string) {
  const pause = { stall: 60_000, nap: 300 }[source];
  if (pause) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
  return { type: 'rendered', html: `<p>${source}</p>` } as const;
}

port.on('message', (request: string | { batch: string[] }) => {
  port.postMessage((typeof request === 'string' ? render(request) : { type: 'batch', results: request.batch.map(render) }) satisfies RenderReply);
});
port.postMessage({ type: 'ready' } satisfies RenderReply);
