// The worker side of threaded-items.ts: reads the export and posts its items in batches, waiting
// for the writer's acknowledgements so that no more than BATCHES_AHEAD batches are in flight.
import { parentPort, workerData } from 'node:worker_threads';
import { readBlogger } from './blogger/read.ts';
import { ImportError } from './errors.ts';
import type { ImportItem } from './model.ts';
import { openTextSource } from './source.ts';
import { BATCHES_AHEAD, WORKER_BATCH, type WorkerInput } from './threaded-items.ts';
import { readWordpress } from './wordpress/read.ts';
import { XmlRecordReader } from './xml/reader.ts';

const { file, format, now } = workerData as WorkerInput;
const port = parentPort!;
let inFlight = 0;
let resume: (() => void) | null = null;
port.on('message', () => {
  inFlight--;
  resume?.();
});

async function send(items: ImportItem[], bytes: number): Promise<void> {
  port.postMessage({ type: 'items', items, bytes });
  inFlight++;
  while (inFlight >= BATCHES_AHEAD) {
    await new Promise<void>((r) => {
      resume = r;
    });
    resume = null;
  }
}

try {
  const source = openTextSource(file);
  const reader = new XmlRecordReader({ recordDepth: format === 'blogger' ? 1 : 2 });
  const clock = () => new Date(now);
  const items = format === 'blogger' ? readBlogger(source, reader, clock) : readWordpress(source, reader);
  let batch: ImportItem[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= WORKER_BATCH) {
      await send(batch, source.bytesRead());
      batch = [];
    }
  }
  if (batch.length) await send(batch, source.bytesRead());
  port.postMessage({ type: 'done', notes: reader.notes, bytes: source.bytesRead() });
} catch (err) {
  const e = err as Error;
  port.postMessage({
    type: 'error',
    message: e.message,
    importError: err instanceof ImportError,
    where: err instanceof ImportError ? err.where : undefined,
  });
}
port.close();
