// A polling simulation with a fake clock: N feeds on local HTTP servers, each publishing one
// article every `gap` seconds (from a history before the start), answering 304 to the ETag of its
// newest article. Rounds run as `gloss serve` runs them (pollDue once a simulated minute); the
// servers read the same fake clock, so days pass in seconds. Used by the scheduler's fairness test
// (src/inbox/poll-fairness.test.ts) and by `npm run bench poll-simulation`.
import { pollDue } from '../../src/inbox/poll.ts';
import { MAX_INTERVAL_S, MIN_INTERVAL_S } from '../../src/sources/schedule.ts';
import { insertSource } from '../../src/sources/store.ts';
import type { Store } from '../../src/storage/db.ts';
import { type FeedServer, rssFeed, startFeedServer } from './feed-server.ts';

export interface SimulationOptions {
  /** Seconds between articles, per feed. */
  gaps: number[];
  hosts: number;
  days: number;
  start?: Date;
  /** Simulated seconds between rounds (serve polls once a minute). */
  roundSeconds?: number;
  /** Feeds taken per round and fetched at once (pollDue's limit and concurrency). */
  limit?: number;
  concurrency?: number;
  /** Called once per simulated hour (the bench samples memory there). */
  onHour?: (hour: number) => void;
}

export interface FeedFigures {
  gapSeconds: number;
  /** What the schedule aims at: one fetch per half gap, within 10 minutes – 1 day. */
  expectedPerDay: number;
  fetchesPerDay: number;
  /** The longest a due feed waited past its next fetch time, in seconds. */
  maxLateSeconds: number;
  published: number;
  /** Of those, the ones published at least one interval (and two rounds) before the end. */
  publishedInTime: number;
  /** Articles published during the run and seen by a fetch, and their mean wait to be seen. */
  seen: number;
  meanDelaySeconds: number;
}

export interface SimulationResult {
  feeds: FeedFigures[];
  fetches: number;
  notModified: number;
  /** Rounds that fetched something (rounds with nothing due are skipped, as they do nothing). */
  rounds: number;
}

const HISTORY = 20;

export async function simulatePolling(store: Store, options: SimulationOptions): Promise<SimulationResult> {
  const start = options.start ?? new Date('2030-01-01T00:00:00Z');
  const roundMs = (options.roundSeconds ?? 60) * 1000;
  const endMs = start.getTime() + options.days * 86_400_000;
  let clock = start.getTime();
  const servers: FeedServer[] = [];
  for (let h = 0; h < options.hosts; h++) servers.push(await startFeedServer());

  const feeds = options.gaps.map((gapSeconds, i) => {
    const gapMs = gapSeconds * 1000;
    // Articles at first + k·gap; a history of HISTORY articles before the start, phases spread.
    const first = start.getTime() - HISTORY * gapMs + ((i * 7919) % 1000) * (gapMs / 1000);
    // Articles from the start on count as news; the history before it was there already.
    const seenK = Math.floor((start.getTime() - 1 - first) / gapMs);
    return { gapMs, first, fetches: 0, notModified: 0, seenK, seen: 0, delayMs: 0, maxLateMs: 0 };
  });
  const newestK = (f: { first: number; gapMs: number }, now: number) => Math.floor((now - f.first) / f.gapMs);
  const sourceIds: number[] = [];

  for (const [i, feed] of feeds.entries()) {
    const server = servers[i % options.hosts]!;
    const path = `/f${i}.rss`;
    server.routes.set(path, (req) => {
      feed.fetches++;
      const k = newestK(feed, clock);
      if (k > feed.seenK) {
        for (let j = Math.max(feed.seenK + 1, k - HISTORY + 1); j <= k; j++) {
          const at = feed.first + j * feed.gapMs;
          if (at >= start.getTime()) {
            feed.seen++;
            feed.delayMs += clock - at;
          }
        }
      }
      const etag = `"${k}"`;
      if (req.headers['if-none-match'] === etag) {
        feed.notModified++;
        return { status: 304 };
      }
      feed.seenK = Math.max(feed.seenK, k);
      const items = [];
      for (let j = k; j > k - HISTORY && j >= 0; j--) {
        items.push({
          title: `Outlet ${i} story ${j}`,
          link: `${server.base}/f${i}/${j}`,
          date: new Date(feed.first + j * feed.gapMs).toISOString(),
          description: words(i * 100_003 + j),
        });
      }
      return {
        headers: { 'content-type': 'application/rss+xml', etag },
        body: rssFeed(`Outlet ${i}`, `${server.base}/`, items),
      };
    });
    const { source } = await insertSource(
      store.db,
      { name: `Outlet ${i}`, feedUrl: `${server.base}${path}`, siteUrl: null },
      start,
    );
    sourceIds[i] = source.id;
  }
  const feedOf = new Map(sourceIds.map((id, i) => [id, feeds[i]!]));

  let rounds = 0;
  let hour = 0;
  try {
    while (clock < endMs) {
      const now = new Date(clock);
      // Lateness: how long each due feed has been waiting for its turn.
      const due = await store.db
        .selectFrom('sources')
        .select(['id', 'next_fetch_at'])
        .where('next_fetch_at', '<=', now.toISOString())
        .execute();
      for (const row of due) {
        const feed = feedOf.get(row.id)!;
        feed.maxLateMs = Math.max(feed.maxLateMs, clock - Date.parse(row.next_fetch_at));
      }
      if (due.length > 0) {
        await pollDue(store.db, {
          fetch: { allowPrivate: true },
          now: () => now,
          limit: options.limit ?? 200,
          concurrency: options.concurrency ?? 8,
          random: () => 0.5,
        });
        rounds++;
      }
      for (const server of servers) server.log.length = 0;

      // The next round that has work: a round with nothing due does nothing, so it is skipped.
      const next = await store.db
        .selectFrom('sources')
        .select((eb) => eb.fn.min('next_fetch_at').as('at'))
        .executeTakeFirst();
      const nextDue = next?.at ? Date.parse(next.at) : endMs;
      const after = clock + roundMs;
      clock = Math.max(after, start.getTime() + Math.ceil((nextDue - start.getTime()) / roundMs) * roundMs);
      const h = Math.floor((Math.min(clock, endMs) - start.getTime()) / 3_600_000);
      while (hour < h) {
        hour++;
        options.onHour?.(hour);
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }

  const days = options.days;
  return {
    feeds: feeds.map((f) => {
      const interval = Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, f.gapMs / 2000));
      const publishedFrom = Math.max(0, Math.ceil((start.getTime() - f.first) / f.gapMs));
      return {
        gapSeconds: f.gapMs / 1000,
        expectedPerDay: 86_400 / interval,
        fetchesPerDay: f.fetches / days,
        maxLateSeconds: f.maxLateMs / 1000,
        published: newestK(f, endMs - 1) - publishedFrom + 1,
        publishedInTime: Math.max(0, newestK(f, endMs - interval * 1000 - 2 * roundMs) - publishedFrom + 1),
        seen: f.seen,
        meanDelaySeconds: f.seen ? f.delayMs / f.seen / 1000 : 0,
      };
    }),
    fetches: feeds.reduce((n, f) => n + f.fetches, 0),
    notModified: feeds.reduce((n, f) => n + f.notModified, 0),
    rounds,
  };
}

/** Gaps between articles spread evenly on a log scale from `shortest` to `longest` seconds. */
export function spreadGaps(count: number, shortest: number, longest: number): number[] {
  return Array.from({ length: count }, (_, i) =>
    Math.round(shortest * (longest / shortest) ** (count === 1 ? 0 : i / (count - 1))),
  );
}

/** Some words that differ from story to story, so no two are merged as near duplicates. */
function words(seed: number): string {
  let s = seed % 2 ** 31;
  const out: string[] = [];
  for (let n = 0; n < 24; n++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out.push(`w${(s % 5000).toString(36)}`);
  }
  return out.join(' ');
}
