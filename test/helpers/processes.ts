// Gloss as separate processes (`gloss serve` through bin/gloss.mjs), for tests of what only
// several processes show: shared caches, leases, sessions, workers, drains.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const GLOSS = path.resolve(import.meta.dirname, '..', '..', 'bin', 'gloss.mjs');

export interface GlossProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  /** SIGTERM, then waits for the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `gloss serve ARGS` on an ephemeral port and waits until it says where it serves. */
export async function startGloss(args: string[], env: Record<string, string>, timeoutMs = 90_000) {
  const child = spawn(process.execPath, [GLOSS, 'serve', ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  let base: string | undefined;
  while (!base) {
    base = /Gloss is serving (http:\/\/[^/\s]+)\//.exec(output)?.[1];
    if (child.exitCode !== null) throw new Error(`gloss serve exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gloss serve did not start in ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  } satisfies GlossProcess;
}
