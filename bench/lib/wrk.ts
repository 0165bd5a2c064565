// Load from Debian's wrk (C, one event loop per thread): faster than the servers it measures,
// unlike a Node client, which measures itself. Resolves with requests per second, the p99
// latency and the errors wrk counted (socket errors and non-2xx/3xx answers).
import { execFile, execFileSync } from 'node:child_process';

export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version exits 1 after printing its version.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export function wrk(
  url: string,
  seconds: number,
  connections: number,
): Promise<{ rps: number; p99: string; errors: number }> {
  const threads = String(Math.min(2, connections));
  return new Promise((resolve, reject) => {
    execFile(
      'wrk',
      ['-t', threads, '-c', String(connections), '-d', `${seconds}s`, '--latency', url],
      (err, stdout) => {
        if (err) return reject(err);
        const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
        const p99 = /\s99%\s+(\S+)/.exec(stdout)?.[1] ?? '?';
        const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
        const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
        const errors = non2xx + (socket ? socket.slice(1).reduce((a, n) => a + Number(n), 0) : 0);
        if (!Number.isFinite(rps)) return reject(new Error(`wrk printed no rate:\n${stdout}`));
        resolve({ rps, p99, errors });
      },
    );
  });
}

export interface ScriptedRun {
  rps: number;
  requests: number;
  p99: string;
  /** Socket errors and non-2xx/3xx answers, as wrk counts them. */
  errors: number;
  /** wrk's own CPU time (user + system), from /usr/bin/time. */
  cpuSeconds: number;
  /** What the script's done() printed after "SCRIPT ", parsed as JSON. */
  script: unknown;
}

/**
 * wrk driven by a Lua script (bench/lib/*.lua), under /usr/bin/time so its own CPU time is known:
 * a load generator that uses a whole core measures itself, not the server.
 */
export function wrkScript(
  url: string,
  seconds: number,
  connections: number,
  script: string,
  threads = 2,
): Promise<ScriptedRun> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/time',
      [
        '-f',
        'WRK-CPU %U %S',
        'wrk',
        '-t',
        String(threads),
        '-c',
        String(connections),
        '-d',
        `${seconds}s`,
        '--timeout',
        '10s',
        '--latency',
        '-s',
        script,
        url,
      ],
      { maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`wrk failed: ${err.message}\n${stdout}\n${stderr}`));
        const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
        const requests = Number(/(\d+) requests in/.exec(stdout)?.[1]);
        const p99 = /\s99%\s+(\S+)/.exec(stdout)?.[1] ?? '?';
        const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
        const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
        const errors = non2xx + (socket ? socket.slice(1).reduce((a, n) => a + Number(n), 0) : 0);
        const cpu = /WRK-CPU ([\d.]+) ([\d.]+)/.exec(stderr);
        const line = /^SCRIPT (.*)$/m.exec(stdout)?.[1];
        if (!Number.isFinite(rps) || !cpu)
          return reject(new Error(`wrk printed no rate:\n${stdout}\n${stderr}`));
        resolve({
          rps,
          requests,
          p99,
          errors,
          cpuSeconds: Number(cpu[1]) + Number(cpu[2]),
          script: line ? JSON.parse(line) : null,
        });
      },
    );
  });
}

export interface TimedRun {
  rps: number;
  p99: string;
  /** The p99 latency in milliseconds. */
  p99Ms: number;
  /** Socket errors (connect, read, write, timeout) as wrk counts them. */
  socketErrors: number;
  /** Answers other than 2xx/3xx. */
  non2xx: number;
  /** wrk's own CPU time (user + system), from /usr/bin/time. */
  cpuSeconds: number;
}

/** wrk over one address, under /usr/bin/time so its own CPU time is known (see wrkScript). */
export function wrkTimed(url: string, seconds: number, connections: number, threads = 2): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/time',
      [
        '-f',
        'WRK-CPU %U %S',
        'wrk',
        '-t',
        String(Math.min(threads, connections)),
        '-c',
        String(connections),
        '-d',
        `${seconds}s`,
        // A slow answer is a latency to count, not an error to drop from the percentiles.
        '--timeout',
        '10s',
        '--latency',
        url,
      ],
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`wrk failed: ${err.message}\n${stdout}\n${stderr}`));
        const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
        const p99 = /\s99%\s+(\S+)/.exec(stdout)?.[1] ?? '?';
        const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
        const cpu = /WRK-CPU ([\d.]+) ([\d.]+)/.exec(stderr);
        if (!Number.isFinite(rps) || !cpu)
          return reject(new Error(`wrk printed no rate:\n${stdout}\n${stderr}`));
        resolve({
          rps,
          p99,
          p99Ms: latencyMs(p99),
          socketErrors: socket ? socket.slice(1).reduce((a, n) => a + Number(n), 0) : 0,
          non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0),
          cpuSeconds: Number(cpu[1]) + Number(cpu[2]),
        });
      },
    );
  });
}

/** wrk's latency ("812.00us", "3.41ms", "1.02s", "2.00m") in milliseconds; NaN when unreadable. */
export function latencyMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) return Number.NaN;
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(m[1]) * scale;
}
