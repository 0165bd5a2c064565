// The cached post page against a bare node:http server sending the same bytes from memory, and
// the rendered page (GLOSS_CACHE=off) against the same. Every server runs in its own process.
// The load comes from wrk when installed (.ci/run installs it): a Node client is slower than the
// servers and measures itself. Without wrk, the Node client's figures are printed as such.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedEmptyBlog } from '../src/clippings/seed.ts';
import { openStore } from '../src/storage/db.ts';
import { startChild } from './lib/child.ts';
import { measureRps } from './lib/load.ts';
import { hasWrk, wrk } from './lib/wrk.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-bench-'));
const dbPath = path.join(dir, 'gloss.db');
const store = await openStore(dbPath);
const postPath = await seedEmptyBlog(store.db);
await store.close();
if (!postPath) throw new Error('the sample post was not created');

const gloss = await startChild('bench/lib/gloss-server.ts', [dbPath]);
const glossUrl = `http://127.0.0.1:${gloss.port}${postPath}`;
const first = await fetch(glossUrl);
const body = Buffer.from(await first.arrayBuffer());
const headers = [...first.headers.entries()].filter(
  ([n]) => !['content-length', 'date', 'connection', 'keep-alive'].includes(n),
);
fs.writeFileSync(path.join(dir, 'page.json'), JSON.stringify({ headers, body: body.toString('base64') }));
const bare = await startChild('bench/lib/bare-server.ts', [path.join(dir, 'page.json')]);
const bareUrl = `http://127.0.0.1:${bare.port}${postPath}`;

if (hasWrk()) {
  const uncached = await startChild('bench/lib/gloss-server.ts', [dbPath, 'nocache']);
  const uncachedUrl = `http://127.0.0.1:${uncached.port}${postPath}`;
  console.log(`post page ${postPath}: ${body.length} bytes; wrk, ${SECONDS} s per figure, interleaved`);
  for (const connections of [1, 16, 64]) {
    const b = await wrk(bareUrl, SECONDS, connections);
    const g = await wrk(glossUrl, SECONDS, connections);
    const u = await wrk(uncachedUrl, SECONDS, connections);
    console.log(
      `${String(connections).padStart(2)} conn: bare ${b.rps.toFixed(0)} req/s (p99 ${b.p99}), cached ${g.rps.toFixed(0)} (p99 ${g.p99}) = ${(g.rps / b.rps).toFixed(2)}× bare, rendered ${u.rps.toFixed(0)} (p99 ${u.p99}) = ${(u.rps / b.rps).toFixed(3)}× bare; errors ${b.errors + g.errors + u.errors}`,
    );
  }
  uncached.child.kill();
  gloss.child.kill();
  bare.child.kill();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
console.log('wrk is not installed (apt-get install wrk): the Node client below limits both figures');

console.log(
  `post page ${postPath}: ${body.length} bytes; ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each`,
);
await measureRps(glossUrl, 1, CONNECTIONS); // warm up both
await measureRps(bareUrl, 1, CONNECTIONS);
const ratios: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const g = await measureRps(glossUrl, SECONDS, CONNECTIONS);
  const b = await measureRps(bareUrl, SECONDS, CONNECTIONS);
  ratios.push(g / b);
  console.log(
    `round ${round}: gloss ${g.toFixed(0)} req/s, bare node:http ${b.toFixed(0)} req/s, ratio ${(g / b).toFixed(2)}`,
  );
}
ratios.sort((a, b) => a - b);
const median = ratios[Math.floor(ratios.length / 2)]!;
console.log(`cached post page / bare node:http: ${median.toFixed(2)} (median of ${ROUNDS}; target ≥ 0.70)`);

gloss.child.kill();
bare.child.kill();
fs.rmSync(dir, { recursive: true, force: true });
