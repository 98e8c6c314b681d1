// A libSQL server that is a read replica (sqld --primary-grpc-url, a Turso replica) sends writes on
// to its primary and applies them itself a moment later: a read right after a write could miss it
// (2 reads in 3 did, on loopback). Hrana lets a request name a replication index, which the
// replica waits to have applied before it answers, and answers each batch with the index it
// reached; @libsql/client uses neither. This fetch, given to the client, remembers the highest
// index its writes were answered with and puts it on every read: the process reads its own writes.
// A primary ignores the index. Embedded replicas and files never come here.


interface HranaStmt {
  sql?: string;
  replication_index?: number;
}
type HranaRequest = { type: 'execute'; stmt: HranaStmt } | { type: 'batch'; batch: { steps: { stmt: HranaStmt }[]; replication_index?: number } } | { type: string };
interface HranaAnswer {
  results?: { type: string; response?: { type: string; result?: { replication_index?: string | number | null } } }[];
}

const isRead = (stmt: HranaStmt): boolean => stmt.sql !== undefined && /^\s*(SELECT|EXPLAIN)\b/i.test(stmt.sql);
const statements = (request: HranaRequest): HranaStmt[] =>
  request.type === 'execute' ? [(request as { stmt: HranaStmt }).stmt] : request.type === 'batch' ? (request as { batch: { steps: { stmt: HranaStmt }[] } }).batch.steps.map((step) => step.stmt) : [];

/** A `fetch` for @libsql/client (Hrana over HTTP) with which a process reads its own writes on a replica. */
export function readsOwnWritesFetch(
  send: typeof fetch = globalThis.fetch,
  /** Longest a read waits for the replica; past it, the read is sent again without waiting. */
  catchUpTimeoutMs = 5000,
): typeof fetch {
  /** The highest replication index a write of this process was answered with. */
  let written: number | undefined;
  let warned = false;

  return async function readsOwnWritesFetchFunction(input, init) {
    const request = new Request(input, init);
    if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/pipeline')) return send(request);
    const text = await request.text();
    const body = JSON.parse(text) as { requests: HranaRequest[] };
    const stmts = body.requests.flatMap(statements);
    const again = () => send(new Request(request, { body: text }));

    if (stmts.length > 0 && stmts.every(isRead)) {
      if (written === undefined) return again();
      for (const r of body.requests) {
        if (r.type === 'execute') (r as { stmt: HranaStmt }).stmt.replication_index = written;
        if (r.type === 'batch') (r as { batch: { replication_index?: number } }).batch.replication_index = written;
      }
      try {
        return await send(new Request(request, { body: JSON.stringify(body), signal: AbortSignal.any([request.signal, AbortSignal.timeout(catchUpTimeoutMs)]) }));
      } catch (error) {
        if ((error as Error).name !== 'TimeoutError') throw error;
        // The replica is far behind, or follows a primary that started afresh: read what it has.
        if (!warned) console.warn(`The database replica has not caught up with this process's last write in ${catchUpTimeoutMs / 1000} s: reads no longer wait for it.`);
        warned = true;
        written = undefined;
        return again();
      }
    }

    // Anything that may write: the index it was answered with, for the reads after it.
    const response = await again();
    if (response.ok) {
      const answer = (await response.clone().json()) as HranaAnswer;
      for (const result of answer.results ?? []) {
        const index = Number(result.response?.result?.replication_index ?? Number.NaN);
        if (Number.isSafeInteger(index) && (written === undefined || index > written)) written = index;
      }
    }
    return response;
  };
}
