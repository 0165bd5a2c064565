// A small HTTP load generator: `connections` keep-alive connections each send requests back to
// back for `seconds`; returns requests per second. Runs in its own process, apart from the servers.
import http from 'node:http';

export async function measureRps(url: string, seconds: number, connections: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.get(
        { host: target.hostname, port: target.port, path: target.pathname, agent },
        (res) => {
          if (res.statusCode !== 200) failed++;
          res.on('data', () => {});
          res.on('end', resolve);
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
    });
  const start = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        await one();
        done++;
      }
    }),
  );
  const elapsed = (Date.now() - start) / 1000;
  agent.destroy();
  if (failed) throw new Error(`${failed} requests to ${url} failed`);
  return done / elapsed;
}
