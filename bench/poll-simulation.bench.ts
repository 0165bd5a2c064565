// The scheduler over BENCH_SIM_FEEDS (default 1,000) local feeds with a fake clock for
// BENCH_SIM_DAYS (default 1) simulated days: feeds publish every 30 minutes to every 3 days
// (spread on a log scale) on 20 hosts, polled a round a simulated minute as `gloss serve` polls,
// into a fresh SQLite database (test/helpers/poll-simulation.ts). Prints whether any feed starved
// (the longest a due feed waited past its time), fetches per day against what each feed's rate
// asks (one per half gap, 10 minutes to a day), how long a new article waited to be seen, and the
// heap after a full GC each simulated hour (flat memory: the last hours against the first).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../src/storage/db.ts';
import { simulatePolling, spreadGaps } from '../test/helpers/poll-simulation.ts';

const FEEDS = Number(process.env.BENCH_SIM_FEEDS ?? 1000);
const DAYS = Number(process.env.BENCH_SIM_DAYS ?? 1);
const gc = (globalThis as { gc?: () => void }).gc;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-bench-sim-'));
const store = await openStore(path.join(dir, 'gloss.db'));
const heap: number[] = [];
let peakRss = 0;
const started = performance.now();
const result = await simulatePolling(store, {
  gaps: spreadGaps(FEEDS, 30 * 60, 3 * 86_400),
  hosts: 20,
  days: DAYS,
  onHour: () => {
    gc?.();
    heap.push(process.memoryUsage().heapUsed);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  },
});
const wallS = (performance.now() - started) / 1000;

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const ratios = result.feeds.map((f) => f.fetchesPerDay / f.expectedPerDay);
const late = result.feeds.map((f) => f.maxLateSeconds);
const waited = result.feeds.filter((f) => f.seen > 0).map((f) => f.meanDelaySeconds / f.gapSeconds);
const missed = result.feeds.filter((f) => f.seen < f.publishedInTime).length;
const never = result.feeds.filter((f) => f.fetchesPerDay === 0).length;
const early = heap.slice(1, 4);
const lastHours = heap.slice(-3);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

console.log(
  `${FEEDS} feeds on 20 hosts, one article every 30 min to 3 days, ${DAYS} simulated day(s), SQLite`,
);
console.log(
  `${result.fetches} fetches (${result.notModified} answered 304) in ${result.rounds} rounds; ${wallS.toFixed(0)} s of wall time = ${((DAYS * 86_400) / wallS).toFixed(0)}× real time`,
);
console.log(
  `starvation: feeds never fetched ${never}; longest wait past a due time: median ${quantile(late, 0.5)} s, max ${Math.max(...late)} s`,
);
console.log(
  `fetches per day / what the rate asks: p5 ${quantile(ratios, 0.05).toFixed(2)}, median ${quantile(ratios, 0.5).toFixed(2)}, p95 ${quantile(ratios, 0.95).toFixed(2)}`,
);
console.log(
  `a new article waited (in its feed's gaps): median ${quantile(waited, 0.5).toFixed(2)}, p95 ${quantile(waited, 0.95).toFixed(2)}; feeds that missed an article in time: ${missed}`,
);
console.log(
  `heap after GC: hours 1-3 ${mb(mean(early))}, last 3 hours ${mb(mean(lastHours))} (${((mean(lastHours) / mean(early) - 1) * 100).toFixed(0)} %); peak RSS ${mb(peakRss)}${gc ? '' : ' (run with --expose-gc for exact heap figures)'}`,
);

await store.close();
fs.rmSync(dir, { recursive: true, force: true });
