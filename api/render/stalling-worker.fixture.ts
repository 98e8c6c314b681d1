// A stand-in render worker for pool tests: "stall" blocks it for a minute and "nap" for 300 ms,
// both without using CPU; anything else comes back at once, wrapped in <p>. It speaks worker.ts's
// protocol.
import { parentPort } from 'node:worker_threads';
import type { RenderReply } from './worker.ts';

if (!parentPort) throw new Error('stalling-worker.fixture.ts runs as a worker thread');
const port = parentPort;

port.on('message', (source: string) => {
  const pause = { stall: 60_000, nap: 300 }[source];
  if (pause) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
  port.postMessage({ type: 'rendered', html: `<p>${source}</p>` } satisfies RenderReply);
});
port.postMessage({ type: 'ready' } satisfies RenderReply);
