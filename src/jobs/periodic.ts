// Background work that repeats: every `everyMs`, run a step. An exclusive job runs in one process
// at a time across all that share the database (jobs/lease.ts): each round, the process renews or
// takes the lease and runs the step only while it holds it. A step never overlaps itself, its
// errors are logged (never its data), and stopping releases the lease so another process takes
// over at its next round instead of waiting for the lease to expire.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { releaseLease, tryLease } from './lease.ts';

export interface JobSpec {
  /** Unique across the application: the lease's name. */
  name: string;
  everyMs: number;
  /** One process at a time (the default), or every process (a cheap, idempotent check). */
  exclusive?: boolean;
  /** How long a lease outlives its last renewal; at least three rounds by default. */
  leaseMs?: number;
  /** Run the first round at once (the default) or after one interval. */
  runAtStart?: boolean;
  step: (now: Date) => Promise<unknown>;
}

export interface JobContext {
  db: Kysely<Database>;
  now: () => Date;
  /** This process's name in leases; one per process unless a test gives several. */
  holder?: string;
}

const PROCESS_HOLDER = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** Starts the job; returns how to stop it (the promise settles when a running step has ended). */
export function startJob(ctx: JobContext, spec: JobSpec): () => Promise<void> {
  const holder = ctx.holder ?? PROCESS_HOLDER;
  const exclusive = spec.exclusive ?? true;
  const leaseMs = spec.leaseMs ?? Math.max(3 * spec.everyMs, 30_000);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const round = async () => {
    try {
      if (exclusive && !(await tryLease(ctx.db, spec.name, holder, leaseMs, ctx.now()))) return;
      if (!stopped) await spec.step(ctx.now());
    } catch (err) {
      console.error(`The background job "${spec.name}" failed: ${(err as Error).message}`);
    }
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(() => schedule(spec.everyMs));
    }, delay);
    timer.unref();
  };
  schedule(spec.runAtStart === false ? spec.everyMs : 0);

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
    if (exclusive) await releaseLease(ctx.db, spec.name, holder).catch(() => {});
  };
}
