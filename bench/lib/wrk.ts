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
