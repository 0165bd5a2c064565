// Render workers for a big export: each opens its own connection to the database and renders the
// batches it is given (static-render.ts), so pages are made on every core while the main thread
// renders too, writes the files and fetches what the app answers. A small export (an export
// after a few changes) renders on the main thread: a worker's start costs about a second.
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SiteChrome } from '../app-deps.ts';
import type { FinishOptions } from './static-finish.ts';
import type { RenderBatch, RenderedPage } from './static-render.ts';

/** Below this many pages to render, a worker's start costs more than it saves. */
export const WORKER_THRESHOLD = 2000;
const WORKER_HEAP_MB = 160;

export interface RenderWorkerInput {
  databaseUrl: string;
  chrome: SiteChrome;
  origin: string;
  finish: FinishOptions;
}

export type FromRenderWorker =
  | { type: 'rendered'; pages: RenderedPage[]; met: string[] }
  | { type: 'error'; message: string };

export interface RenderWorker {
  render(batch: RenderBatch): Promise<{ pages: RenderedPage[]; met: string[] }>;
  close(): Promise<void>;
}

/** How many workers an export of `pages` pages gets: one per spare core, none for a small one. */
export function workersFor(pages: number, wanted?: number): number {
  if (wanted !== undefined) return wanted;
  return pages < WORKER_THRESHOLD ? 0 : Math.max(0, Math.min(3, os.availableParallelism() - 1));
}

const workerModule = pathToFileURL(fileURLToPath(new URL('./static-render-worker.ts', import.meta.url))).href;
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

export function startRenderWorker(input: RenderWorkerInput): RenderWorker {
  // The worker loads the TypeScript sources through tsx, as bin/gloss does for the main thread.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register({ tsconfig: ${JSON.stringify(tsconfig)} }); return import(${JSON.stringify(workerModule)}); })`;
  // A worker holds one batch at a time: a bounded old generation makes it collect instead of
  // growing (without a bound V8 let each thread's heap reach hundreds of MB of garbage).
  const worker = new Worker(boot, {
    eval: true,
    workerData: input,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  /** Batches sent and not answered yet, oldest first: the worker answers them in order. */
  const pending: {
    resolve: (r: { pages: RenderedPage[]; met: string[] }) => void;
    reject: (e: Error) => void;
  }[] = [];
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    for (const p of pending.splice(0)) p.reject(err);
  };
  worker.on('message', (m: FromRenderWorker) => {
    if (m.type === 'error') return fail(new Error(`a render worker failed: ${m.message}`));
    pending.shift()?.resolve({ pages: m.pages, met: m.met });
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`a render worker stopped (exit code ${code})`)));
  return {
    render(batch) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending.push({ resolve, reject });
        worker.postMessage(batch);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      if (failure) {
        await worker.terminate();
        return;
      }
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage(null);
      await exited;
    },
  };
}
