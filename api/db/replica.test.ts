// What the fetch given to @libsql/client adds to Hrana requests, against a stand-in server that
// answers as sqld does (tests/sqld.test.ts shows it against a real read replica).
import { describe, expect, it } from 'vitest';
import { readsOwnWritesFetch } from './replica.ts';

const pipeline = 'http://127.0.0.1:8080/v2/pipeline';
const read = { type: 'execute', stmt: { sql: 'SELECT body FROM comments WHERE id = ?', args: [] } };
const readBatch = { type: 'batch', batch: { steps: [{ stmt: { sql: 'SELECT 1' } }, { stmt: { sql: 'select 2' } }] } };
const write = { type: 'batch', batch: { steps: [{ stmt: { sql: 'BEGIN IMMEDIATE' } }, { stmt: { sql: 'INSERT INTO comments (body) VALUES (?)' } }, { stmt: { sql: 'COMMIT' } }] } };
const post = (requests: object[]) => ({ method: 'POST', body: JSON.stringify({ baton: null, requests: [...requests, { type: 'close' }] }) });

/** A server that records what it was sent and answers each batch with `index`. */
function server(options: { index?: string; stall?: (body: { requests: { stmt?: object; batch?: object }[] }) => boolean } = {}) {
  const sent: { requests: { type: string; stmt?: Record<string, unknown>; batch?: Record<string, unknown> }[] }[] = [];
  const send = (async (input: Request) => {
    const body = JSON.parse(await input.text());
    sent.push(body);
    if (options.stall?.(body)) await new Promise((_, reject) => input.signal.addEventListener('abort', () => reject(input.signal.reason)));
    const results = body.requests.map((r: { type: string }) => ({ type: 'ok', response: { type: r.type, ...(r.type === 'batch' ? { result: { step_results: [], step_errors: [], replication_index: options.index ?? null } } : {}) } }));
    return Response.json({ baton: null, base_url: null, results });
  }) as typeof fetch;
  return { sent, send };
}

describe('readsOwnWritesFetch', () => {
  it('sends reads as they are until this process has written', async () => {
    const { sent, send } = server();
    await readsOwnWritesFetch(send)(pipeline, post([read]));
    expect(sent[0]!.requests[0]!.stmt).not.toHaveProperty('replication_index');
  });

  it('puts the index its last write was answered with on every read after it, never on a write', async () => {
    const { sent, send } = server({ index: '41' });
    const fetchFn = readsOwnWritesFetch(send);
    await fetchFn(pipeline, post([write]));
    await fetchFn(pipeline, post([read]));
    await fetchFn(pipeline, post([readBatch]));
    await fetchFn(pipeline, post([write]));
    expect(sent[1]!.requests[0]!.stmt).toMatchObject({ replication_index: 41 });
    expect(sent[2]!.requests[0]!.batch).toMatchObject({ replication_index: 41 });
    expect(sent[3]!.requests[0]!.batch).not.toHaveProperty('replication_index');
  });

  it('keeps the highest index: an older answer never lowers it', async () => {
    const first = server({ index: '50' });
    const older = server({ index: '12' });
    const fetchFn = readsOwnWritesFetch(async (input, init) => ((input as Request).url.includes('older') ? older.send(input, init) : first.send(input, init)));
    await fetchFn(pipeline, post([write]));
    await fetchFn(`${pipeline}?older`, post([write]));
    await fetchFn(pipeline, post([read]));
    expect(first.sent.at(-1)!.requests[0]!.stmt).toMatchObject({ replication_index: 50 });
  });

  it('stops waiting for a replica that does not catch up: the read is sent again without the index', async () => {
    const { sent, send } = server({ index: '9', stall: (body) => body.requests.some((r) => r.stmt && 'replication_index' in r.stmt) });
    const fetchFn = readsOwnWritesFetch(send, 50);
    await fetchFn(pipeline, post([write]));
    expect((await fetchFn(pipeline, post([read]))).ok).toBe(true);
    await fetchFn(pipeline, post([read]));
    expect(sent.map((body) => body.requests[0]!.stmt?.['replication_index'] ?? null)).toEqual([null, 9, null, null]);
  });

  it('passes anything that is not a pipeline through untouched', async () => {
    const { sent, send } = server({ index: '3' });
    const fetchFn = readsOwnWritesFetch(send);
    await fetchFn(pipeline, post([write]));
    await fetchFn('http://127.0.0.1:8080/v2', { method: 'POST', body: JSON.stringify({ requests: [read] }) });
    expect(sent[1]!.requests[0]!.stmt).not.toHaveProperty('replication_index');
  });
});
