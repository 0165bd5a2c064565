import cluster from 'node:cluster';
import type http from 'node:http';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { createApp } from '../app.tsx';
import { issueSetupToken } from '../auth/setup-token.ts';
import { seedEmptyBlog } from '../clippings/seed.ts';
import { type Config, type ConfigError, parseWorkers } from '../config.ts';
import { startServices } from '../services.ts';
import { openStore } from '../storage/db.ts';
import { createServer, listen } from '../web/server.ts';
import { buildAssets } from '../web/theme/assets.ts';
import { urls } from '../web/urls.ts';
import { type CliIO, type Command, type CommandContext, UsageError } from './command.ts';
import { superviseWorkers, type WorkerMessage } from './serve-workers.ts';

/** How long a stopping server waits for requests in flight before closing their connections. */
const DRAIN_MS = 10_000;

export const command: Command = {
  name: 'serve',
  summary: 'Serve the blog',
  help: `Usage: gloss serve [--workers N|auto] [--no-migrate] [--no-seed]

Serves the blog at http://HOST:PORT (default 127.0.0.1:8080) from the database in DATABASE_URL
(default ./data/gloss.db; a file path for SQLite or a postgres:// URL). On an empty database it
creates the sample blog with its first post. Until an owner account exists it prints a one-time
link that creates it: there is no default password.

  --workers N   serve from N processes sharing the port (default GLOSS_WORKERS, else one per
                core; 1 serves from this process alone). A worker that dies is replaced;
                SIGTERM finishes the requests in flight and stops; SIGHUP replaces the
                workers one by one without dropping a request (after an upgrade).
                Background jobs run in one process at a time.
  --no-migrate  do not migrate the database; refuse to start if it lacks a migration (run
                "gloss migrate" once per upgrade when several servers share one database)
  --no-seed     start an empty database empty (no sample post)

Health: GET /healthz answers 200 while the process is up; GET /readyz answers 200 when the
database answers and is migrated, 503 otherwise (for a load balancer).

Environment: PORT, HOST, DATABASE_URL, GLOSS_BASE_URL (public address behind a proxy),
GLOSS_WORKERS, GLOSS_DB_POOL (PostgreSQL connections per process, default 10, and one more
that listens for changes), GLOSS_CACHE_BYTES (page cache, default 32M), GLOSS_CACHE=off,
GLOSS_MEDIA_DIR (uploaded images, default ./data/media),
SMTP_HOST/SMTP_PORT/SMTP_USER/SMTP_PASSWORD/SMTP_FROM (comment notifications).`,
  async run(args, io, context) {
    const { values } = parseArgs({
      args,
      options: {
        'no-seed': { type: 'boolean' },
        'no-migrate': { type: 'boolean' },
        workers: { type: 'string' },
      },
      strict: false,
    });
    const unknown = args.filter(
      (a, i) =>
        !['--no-seed', '--no-migrate', '--workers'].includes(a) &&
        !a.startsWith('--workers=') &&
        args[i - 1] !== '--workers',
    );
    if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(' ')}`);
    const config = context.config();
    if (cluster.isWorker) return serveWorker(config, io, context);
    let workers = config.workers;
    if (values.workers !== undefined) {
      if (typeof values.workers !== 'string') throw new UsageError('--workers needs a number (or auto)');
      try {
        workers = parseWorkers(values.workers);
      } catch (err) {
        throw new UsageError((err as ConfigError).message);
      }
    }
    const prepared = await prepareDatabase(config, io, context, {
      migrate: !values['no-migrate'],
      seed: !values['no-seed'],
    });
    if (workers > 1) {
      return superviseWorkers(workers, io, (port) =>
        announce(io, config, prepared, port, `${workers} workers`),
      );
    }
    return serveHere(config, io, context, (port) => announce(io, config, prepared, port, 'one process'));
  },
};

/** Migrates (unless told not to), seeds an empty blog, and issues the owner's setup link. */
async function prepareDatabase(
  config: Config,
  io: CliIO,
  context: CommandContext,
  options: { migrate: boolean; seed: boolean },
): Promise<{ setupToken: string | null }> {
  const store = await openStore(config.databaseUrl, {
    migrate: options.migrate,
    requireCurrent: true,
    poolSize: 1,
  });
  try {
    if (options.seed) {
      const first = await seedEmptyBlog(store.db, context.now());
      if (first) io.out(`Created the sample blog; its first post is at ${first}`);
    }
    return { setupToken: await issueSetupToken(store.db, context.now()) };
  } finally {
    await store.close();
  }
}

function announce(
  io: CliIO,
  config: Config,
  prepared: { setupToken: string | null },
  port: number,
  how: string,
) {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = config.baseUrl ?? `http://${host}:${port}`;
  io.out(`Gloss is serving ${base}/ from ${how} (database: ${describeDb(config.databaseUrl)})`);
  if (prepared.setupToken) {
    io.out(
      `Create the owner account (this link works once, for 24 hours): ${base}${urls.setup(prepared.setupToken)}`,
    );
  }
}

/** One process serves: until SIGINT or SIGTERM, then it drains. */
async function serveHere(
  config: Config,
  _io: CliIO,
  context: CommandContext,
  onListening: (port: number) => void,
): Promise<number> {
  const running = await startServing(config, context);
  onListening(running.port);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await running.stop();
  return 0;
}

/** A worker under `--workers N`: tells the primary it listens, drains when told to stop. */
async function serveWorker(config: Config, io: CliIO, context: CommandContext): Promise<number> {
  let running: Awaited<ReturnType<typeof startServing>>;
  try {
    running = await startServing(config, context);
  } catch (err) {
    io.err(`A worker could not start: ${(err as Error).message}`);
    return 1;
  }
  process.send?.({ type: 'ready', port: running.port } satisfies WorkerMessage);
  await new Promise<void>((resolve) => {
    process.on('message', (message: WorkerMessage) => {
      if (message?.type === 'stop') resolve();
    });
    // SIGTERM to the whole group (systemd, Ctrl-C) reaches workers too: drain as told.
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
    process.once('disconnect', () => resolve());
  });
  await running.stop();
  return 0;
}

async function startServing(config: Config, context: CommandContext) {
  const store = await openStore(config.databaseUrl, {
    migrate: false,
    requireCurrent: true,
    poolSize: config.dbPool,
    listen: true,
  });
  let bound: string | undefined;
  const { app, deps } = createApp({ store, config, now: context.now, listeningAt: () => bound });
  buildAssets(); // the editor's bundle, built before the first request rather than on it
  const server = createServer(app, deps.cache);
  // Requests in flight, to be told "Connection: close" when the server starts draining.
  const inFlight = new Set<http.ServerResponse>();
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  const address = await listen(server, config.port, config.host);
  bound = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const stopServices = startServices(deps);
  return {
    port: address.port,
    stop: async () => {
      await stopServices();
      await drain(server, inFlight);
      await store.close();
    },
  };
}

/**
 * Stops accepting connections and lets the requests in flight finish: each is answered with
 * "Connection: close", and so is the next request on every open keep-alive connection, so its
 * client opens its next connection elsewhere (another worker, another machine behind the proxy).
 * Idle connections are not cut (a request may be on its way on one: cutting it would drop it);
 * they end with their client's next request or their keep-alive timeout. After DRAIN_MS what is
 * still open is cut.
 */
async function drain(server: http.Server, inFlight: Set<http.ServerResponse>): Promise<void> {
  const closeAfter = (res: http.ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  for (const res of inFlight) closeAfter(res);
  // Before the app's listener, which answers a cached page at once.
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) =>
    closeAfter(res),
  );
  // net's close, not http's: http.Server#close also cuts idle keep-alive connections at once.
  const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, DRAIN_MS).unref());
  await Promise.race([closed, deadline]);
  server.closeAllConnections();
}

function describeDb(url: string): string {
  return /^postgres/i.test(url) ? url.replace(/\/\/([^@/]*)@/, '//***@') : url;
}
