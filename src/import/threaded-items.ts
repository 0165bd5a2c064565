// The reader of an XML export in a worker thread of its own, so parsing (saxes, repairs, dates,
// HTML) runs on one core while the writer stores on the other. Items cross in batches; the worker
// stops after BATCHES_AHEAD unacknowledged batches, so memory stays flat when the writer is the
// slower of the two. Errors cross back as what they were (an ImportError keeps its line).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ImportError } from './errors.ts';
import type { ImportItem } from './model.ts';

const BATCH = 200;
const BATCHES_AHEAD = 4;

export type ReaderFormat = 'blogger' | 'wordpress';

export interface ThreadedRead {
  items: AsyncGenerator<ImportItem>;
  /** Bytes of the file read so far. */
  bytesRead(): number;
  /** The XML reader's recoveries, once the items are done. */
  notes(): string[];
}

type FromWorker =
  | { type: 'items'; items: ImportItem[]; bytes: number }
  | { type: 'done'; notes: string[]; bytes: number }
  | { type: 'error'; message: string; importError: boolean; where?: { line: number; column: number } };

export interface WorkerInput {
  file: string;
  format: ReaderFormat;
  now: number;
}

const workerModule = pathToFileURL(fileURLToPath(new URL('./read-worker.ts', import.meta.url))).href;
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

/** Starts the reader in a worker; the items arrive as an async generator like the inline readers'. */
export function readInWorker(file: string, format: ReaderFormat, now: Date): ThreadedRead {
  // The worker loads the TypeScript sources through tsx, as bin/gloss does for the main thread.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register({ tsconfig: ${JSON.stringify(tsconfig)} }); return import(${JSON.stringify(workerModule)}); })`;
  const workerData: WorkerInput = { file, format, now: now.getTime() };
  const worker = new Worker(boot, { eval: true, workerData });
  let bytes = 0;
  let notes: string[] = [];
  const queue: FromWorker[] = [];
  let wake: (() => void) | null = null;
  let exited: Error | null = null;
  worker.on('message', (m: FromWorker) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (err) => {
    exited = err;
    wake?.();
  });
  worker.on('exit', (code) => {
    // After its last message (done or error) this is never read: only queue.length === 0 throws it.
    exited ??= new Error(`the import's reader thread stopped before the end of the file (exit code ${code})`);
    wake?.();
  });

  async function* items(): AsyncGenerator<ImportItem> {
    try {
      for (;;) {
        while (queue.length === 0) {
          if (exited) throw exited;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
        }
        const m = queue.shift()!;
        if (m.type === 'error') {
          if (!m.importError) throw new Error(m.message);
          // The message already names the place: keep it as it was, with where for callers.
          throw Object.assign(new ImportError(m.message), { where: m.where });
        }
        bytes = m.bytes;
        if (m.type === 'done') {
          notes = m.notes;
          return;
        }
        worker.postMessage('ack');
        yield* m.items;
      }
    } finally {
      await worker.terminate();
    }
  }
  return { items: items(), bytesRead: () => bytes, notes: () => notes };
}

export { BATCH as WORKER_BATCH, BATCHES_AHEAD };
