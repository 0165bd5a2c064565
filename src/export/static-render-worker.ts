// The worker side of static-workers.ts: renders each batch it is sent and sends the pages back,
// with the site's addresses it met; a null message closes its database and ends it.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../storage/db.ts';
import { createFinisher } from './static-finish.ts';
import { type RenderBatch, type RenderedPage, renderBatch } from './static-render.ts';
import type { FromRenderWorker, RenderWorkerInput } from './static-workers.ts';

const input = workerData as RenderWorkerInput;
const port = parentPort!;
const store = await openStore(input.databaseUrl, { poolSize: 2, migrate: false });
const finisher = createFinisher(input.finish);
const inputs = { db: store.db, chrome: input.chrome, origin: input.origin };
let work = Promise.resolve();

port.on('message', (batch: RenderBatch | null) => {
  work = work.then(async () => {
    if (batch === null) {
      await store.close();
      port.close();
      return;
    }
    try {
      const pages: RenderedPage[] = [];
      await renderBatch(inputs, batch, finisher, (page) => {
        pages.push(page);
      });
      port.postMessage({ type: 'rendered', pages, met: finisher.met() } satisfies FromRenderWorker);
    } catch (err) {
      port.postMessage({
        type: 'error',
        message: (err as Error).stack ?? String(err),
      } satisfies FromRenderWorker);
    }
  });
});
