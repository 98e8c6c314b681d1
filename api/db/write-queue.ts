// Group commit for every write of the comment board. Writes that arrive while one is being
// committed are stored together in the next transaction, so a burst costs one disk flush per
// group instead of one per request. Each caller is answered only after its group has committed;
// a group that fails is retried write by write, so one bad write never takes the others with it.
import type { InStatement, ResultSet } from '@libsql/client';
import type { Database } from './database.ts';

export type Value = null | string | number | bigint | ArrayBuffer;
export type PlainRow = Record<string, Value>;
/** What a statement returned, as plain data (it may have crossed a thread). */
export interface PlainResult {
  rows: PlainRow[];
  rowsAffected: number;
}

export interface WriteOptions {
  /**
   * The statements erase text or keys: on a database file, the old copies of what they erase are
   * cleared from the write-ahead log before the write is answered (see erasure.ts).
   */
  erases?: boolean;
}

/** Runs statements as one write transaction, all or nothing. */
export type BatchWrite = (statements: InStatement[], options?: WriteOptions) => Promise<PlainResult[]>;

export interface WriteQueue {
  /** Runs the statements in one transaction (with others' writes); resolves with their results. */
  write(statements: InStatement[], options?: WriteOptions): Promise<PlainResult[]>;
  /** Resolves when everything queued so far has been committed or refused. */
  idle(): Promise<void>;
}

export function toPlainResult(result: ResultSet): PlainResult {
  return {
    rows: result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, row[i] as Value]))),
    rowsAffected: result.rowsAffected,
  };
}

/** A batch on the client itself, on this thread. */
export function clientBatch(db: Database): BatchWrite {
  return async (statements) => (await db.batch(statements, 'write')).map(toPlainResult);
}

interface Job {
  statements: InStatement[];
  erases: boolean;
  resolve: (results: PlainResult[]) => void;
  reject: (error: unknown) => void;
}

/** maxStatements bounds one transaction; a single write larger than that goes alone. */
export function createWriteQueue(batch: BatchWrite, maxStatements = 400): WriteQueue {
  let queue: Job[] = [];
  let draining: Promise<void> | undefined;

  const takeGroup = (): Job[] => {
    let size = 0;
    let count = 0;
    while (count < queue.length && (count === 0 || size + queue[count]!.statements.length <= maxStatements)) {
      size += queue[count]!.statements.length;
      count++;
    }
    const group = queue.slice(0, count);
    queue = queue.slice(count);
    return group;
  };

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const group = takeGroup();
      try {
        const results = await batch(group.flatMap((job) => job.statements), { erases: group.some((job) => job.erases) });
        let at = 0;
        for (const job of group) {
          job.resolve(results.slice(at, at + job.statements.length));
          at += job.statements.length;
        }
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else for (const job of group) await batch(job.statements, { erases: job.erases }).then(job.resolve, job.reject);
      }
    }
    draining = undefined;
  }

  return {
    write(statements, options) {
      return new Promise((resolve, reject) => {
        queue.push({ statements, erases: options?.erases === true, resolve, reject });
        draining ??= drain();
      });
    },
    async idle() {
      while (draining) await draining;
    },
  };
}
