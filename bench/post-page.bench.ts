// The cached post page against a bare node:http server sending the same bytes from memory.
// Both servers run in their own processes; the load comes from this one. Target: ratio ≥ 0.7.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedEmptyBlog } from '../src/clippings/seed.ts';
import { openStore } from '../src/storage/db.ts';
import { startChild } from './lib/child.ts';
import { measureRps } from './lib/load.ts';

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
