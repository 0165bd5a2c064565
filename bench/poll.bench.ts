// Polling throughput: BENCH_POLL_FEEDS (default 400) feeds of 20 entries each, spread over 8 local
// servers (8 hosts, so the two-per-host limit applies as in life), polled into a fresh SQLite
// inbox: a first round (every entry new) and a second (every feed answers 304). The baseline is
// the same fetches and parses without the database, at the same concurrency, in the same run.
// Prints feeds per second, the ratio to the baseline, and peak memory (RSS).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchFeed } from '../src/clippings/fetch.ts';
import { pollDue } from '../src/inbox/poll.ts';
import { parseFeedText } from '../src/sources/parse.ts';
import { insertSource } from '../src/sources/store.ts';
import { openStore } from '../src/storage/db.ts';
import { rssFeed, startFeedServer } from '../test/helpers/feed-server.ts';

const FEEDS = Number(process.env.BENCH_POLL_FEEDS ?? 400);
const HOSTS = 8;
const CONCURRENCY = 8;
let peak = 0;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

// Varied text, so stories differ as real ones do (near-identical texts would be merged).
const VOCABULARY = Array.from({ length: 500 }, (_, i) => `w${(i * 7919).toString(36)}`);
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const prose = (n: number) =>
  Array.from({ length: n }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]).join(' ');

const servers = await Promise.all(Array.from({ length: HOSTS }, () => startFeedServer()));
const urls: string[] = [];
for (let i = 0; i < FEEDS; i++) {
  const server = servers[i % HOSTS]!;
  const items = Array.from({ length: 20 }, (_, j) => ({
    title: `Feed ${i} story ${j}: provincial news of the day number ${j}`,
    link: `${server.base}/f${i}/${j}`,
    date: new Date(Date.UTC(2030, 0, 1, 12) - j * 3_600_000).toISOString(),
    description: prose(30),
  }));
  const body = rssFeed(`Outlet ${i}`, `${server.base}/`, items);
  server.routes.set(`/f${i}.rss`, (req) =>
    req.headers['if-none-match'] === '"v1"'
      ? { status: 304 }
      : { headers: { 'content-type': 'application/rss+xml', etag: '"v1"' }, body },
  );
  urls.push(`${server.base}/f${i}.rss`);
}

const fetchOptions = { allowPrivate: true };
async function baseline(): Promise<number> {
  const started = performance.now();
  const queue = [...urls];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        const got = await fetchFeed(url, {}, fetchOptions);
        if (got.kind === 'feed') parseFeedText(got.text, got.url);
      }
    }),
  );
  return performance.now() - started;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-bench-poll-'));
const store = await openStore(path.join(dir, 'gloss.db'));
const t0 = new Date('2030-01-01T12:00:00Z');
for (const [i, url] of urls.entries())
  await insertSource(store.db, { name: `Outlet ${i}`, feedUrl: url, siteUrl: null }, t0);

const baseMs = await baseline();
let clock = t0;
const round = async () => {
  const started = performance.now();
  const reports = await pollDue(store.db, {
    fetch: fetchOptions,
    now: () => clock,
    limit: FEEDS,
    concurrency: CONCURRENCY,
  });
  return { ms: performance.now() - started, reports };
};
const first = await round();
clock = new Date(t0.getTime() + 2 * 86_400_000);
const second = await round();
clearInterval(sample);
const items = await store.db
  .selectFrom('inbox_items')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();

const rate = (ms: number) => ((FEEDS / ms) * 1000).toFixed(0);
console.log(`${FEEDS} feeds × 20 entries on ${HOSTS} hosts, concurrency ${CONCURRENCY}, SQLite`);
console.log(`baseline (fetch + parse, no database): ${rate(baseMs)} feeds/s`);
console.log(
  `first round (all new, ${Number(items.n)} items stored): ${rate(first.ms)} feeds/s = ${(baseMs / first.ms).toFixed(2)}× the baseline`,
);
console.log(
  `second round (${second.reports.filter((r) => r.outcome === 'not-modified').length} answered 304): ${rate(second.ms)} feeds/s = ${(baseMs / second.ms).toFixed(2)}× the baseline`,
);
console.log(`peak memory: ${(peak / 1024 / 1024).toFixed(0)} MB RSS`);

await store.close();
await Promise.all(servers.map((s) => s.close()));
fs.rmSync(dir, { recursive: true, force: true });
