// The import, run on a worker thread with a capped heap: reading hundreds of megabytes of XML
// makes garbage fast, and uncapped V8 lets it pile up to gigabytes before collecting it. The
// command (tools/import-blogger.ts) only starts this thread and prints what it reports.
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { openDatabase } from '../../api/db/database.ts';
import { openWriteThread } from '../../api/db/write-thread.ts';
import { createRenderPool } from '../../api/render/pool.ts';
import { ExportError, importBlogger, type ImportSummary, type Progress } from './importer.ts';

export interface ImportThreadData {
  file: string;
  contentDir: string;
  database: { url: string; authToken?: string | undefined; syncUrl?: string | undefined };
  dryRun: boolean;
  skipDrafts: boolean;
  applySettings: boolean;
  timeZone: string;
  fetchImages: boolean;
  publicDir: string;
}

export type ImportThreadMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; summary: ImportSummary }
  /** refused: the export (or its path) is unusable, and nothing was imported. */
  | { type: 'failed'; refused: boolean; message: string; stack: string | undefined };

if (!parentPort) throw new Error('import-thread.ts runs as a worker thread (see tools/import-blogger.ts)');
const port = parentPort;
const data = workerData as ImportThreadData;
const send = (message: ImportThreadMessage) => port.postMessage(message);

// Pictures (--fetch-images) are stored a few at a time, each once: libvips's cache of decoded
// images would only hold memory, and one thread per picture keeps its arenas few.
if (data.fetchImages) {
  sharp.cache(false);
  sharp.concurrency(1);
}

const db = await openDatabase(data.database);
// Its batches are a few MB; capped, the write thread frees them instead of piling them up.
const writes = openWriteThread(db, { ...data.database, heapLimitMb: 128 });
// One render worker per core: the reading thread is busy only part of the time. A render's live
// memory is small (~40 MB); capped, a worker collects its garbage instead of growing for minutes.
const renderer = createRenderPool({ size: availableParallelism(), timeoutMs: 2000, maxQueue: 1_000_000, heapLimitMb: 192 });
try {
  const summary = await importBlogger({
    file: data.file,
    contentDir: data.contentDir,
    db,
    batch: writes.batch,
    renderer,
    dryRun: data.dryRun,
    skipDrafts: data.skipDrafts,
    applySettings: data.applySettings,
    timeZone: data.timeZone,
    fetchImages: data.fetchImages,
    publicDir: data.publicDir,
    progress: (progress) => send({ type: 'progress', progress }),
    // Every comment is rendered once the export is read: the workers' memory goes back.
    renderingDone: () => renderer.close(),
  });
  send({ type: 'done', summary });
} catch (error) {
  const refused = error instanceof ExportError || (error as NodeJS.ErrnoException).code === 'ENOENT';
  send({ type: 'failed', refused, message: error instanceof ExportError ? error.message : refused ? `There is no file ${data.file}.` : String((error as Error).message ?? error), stack: (error as Error).stack });
} finally {
  await renderer.close();
  await writes.close();
  db.close();
}
