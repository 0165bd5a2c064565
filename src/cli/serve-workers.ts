// `gloss serve --workers N`: the primary process forks N workers (node:cluster) that share the
// port, and looks after them. A worker that dies is replaced (after a pause if they keep dying);
// SIGTERM or SIGINT tells every worker to finish its requests in flight and stop; SIGHUP replaces
// them one at a time — the new worker listens before the old one stops accepting — so a reload
// after an upgrade drops no request. The primary serves nothing and opens no database.
import cluster, { type Worker } from 'node:cluster';
import type { CliIO } from './command.ts';

export type WorkerMessage = { type: 'ready'; port: number } | { type: 'stop' };

/** How long a new worker may take to listen, and a stopping one to drain, before giving up on it. */
const START_MS = 60_000;
const STOP_MS = 15_000;

export async function superviseWorkers(
  count: number,
  io: CliIO,
  onListening: (port: number) => void,
): Promise<number> {
  const current = new Set<Worker>();
  const stopping = new Set<Worker>();
  const crashes: number[] = [];
  let shuttingDown = false;
  let reloading = false;
  let started = false;

  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork();
      const timer = setTimeout(() => {
        reject(new Error(`worker ${worker.process.pid} did not start listening within ${START_MS / 1000} s`));
        worker.kill();
      }, START_MS);
      worker.on('message', (message: WorkerMessage) => {
        if (message?.type !== 'ready') return;
        clearTimeout(timer);
        port = message.port;
        resolve(worker);
      });
      worker.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(`worker ${worker.process.pid} exited before listening (${signal ?? `code ${code}`})`),
        );
      });
      current.add(worker);
    });

  const stop = (worker: Worker) =>
    new Promise<void>((resolve) => {
      stopping.add(worker);
      if (worker.isDead()) return resolve();
      const timer = setTimeout(() => worker.kill('SIGKILL'), STOP_MS);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.send({ type: 'stop' } satisfies WorkerMessage);
    });

  let port = 0;
  // At once: SIGHUP's default action would end the primary while its workers start.
  process.on('SIGHUP', () => void reload());
  cluster.on('exit', (worker, code, signal) => {
    current.delete(worker);
    if (stopping.delete(worker) || shuttingDown || !started) return;
    io.err(`Worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); starting another`);
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! < now - 10_000) crashes.shift();
    // Dying again and again (a broken database, a bad upgrade): wait before each restart.
    const delay = crashes.length > 5 ? 2000 : 0;
    setTimeout(() => {
      if (!shuttingDown)
        start().catch((err) => io.err(`Could not replace the worker: ${(err as Error).message}`));
    }, delay).unref();
  });

  try {
    await Promise.all(Array.from({ length: count }, start));
  } catch (err) {
    shuttingDown = true;
    await Promise.all([...current].map(stop));
    throw new Error(`The workers did not start: ${(err as Error).message}`);
  }
  started = true;
  onListening(port);

  async function reload() {
    if (reloading || shuttingDown || !started) return;
    reloading = true;
    io.out(`Reloading: replacing ${current.size} workers one at a time`);
    try {
      for (const old of [...current]) {
        if (shuttingDown) break;
        await start();
        await stop(old);
      }
      io.out('Reload done');
    } catch (err) {
      io.err(`Reload stopped: ${(err as Error).message}; the workers still running keep serving`);
    } finally {
      reloading = false;
    }
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  shuttingDown = true;
  io.out('Stopping: the workers finish the requests in flight');
  await Promise.all([...current, ...stopping].map(stop));
  return 0;
}
