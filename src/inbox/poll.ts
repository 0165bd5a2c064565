// One round of polling: every due feed is fetched (at most PER_HOST at a time per host, at most
// `concurrency` in all) through the SSRF-safe fetcher with its validators, its new entries go to
// the inbox, and its next fetch is set from its publishing rate, or backed off after an error
// (Retry-After honoured on 429 and 503). `gloss poll` runs one round; `gloss serve` runs rounds
// under a job lease, so with several processes only one polls. A feed a WebSub hub pushes
// (websub/) is fetched once a day as a safety net; each fetch notes the hub and topic it names.
import type { Kysely } from 'kysely';
import { FetchError, type FetchPageOptions, fetchFeed } from '../clippings/fetch.ts';
import { hubLinks } from '../sources/hub-links.ts';
import { FeedParseError, parseFeedText } from '../sources/parse.ts';
import { adaptiveInterval, backoffSeconds, MAX_INTERVAL_S, retryAfterSeconds } from '../sources/schedule.ts';
import { dueSources, type FetchOutcome, recordFetch, type Source } from '../sources/store.ts';
import type { Database } from '../storage/schema.ts';
import { addEntries } from './store.ts';
import { listWatchRules } from './watch.ts';
import { pushedSources } from './websub/store.ts';

export const PER_HOST = 2;

export interface PollOptions {
  fetch: FetchPageOptions;
  now: () => Date;
  /** Feeds fetched at once across hosts. */
  concurrency?: number;
  /** Feeds taken per round. */
  limit?: number;
  random?: () => number;
}

export interface FeedReport {
  sourceId: number;
  name: string;
  outcome: FetchOutcome['status'];
  added: number;
  merged: number;
  error?: string;
}

export async function pollDue(db: Kysely<Database>, options: PollOptions): Promise<FeedReport[]> {
  const due = await dueSources(db, options.now(), options.limit ?? 200);
  if (due.length === 0) return [];
  const rules = await listWatchRules(db);
  const pushed = await pushedSources(db, options.now());
  const reports: FeedReport[] = [];
  const perHost = new Map<string, number>();
  const queue = [...due];
  const concurrency = options.concurrency ?? 8;
  // Workers take the first queued feed whose host has room; a busy host's feeds wait their turn.
  const wakeups: (() => void)[] = [];
  const wake = () => {
    for (const w of wakeups.splice(0)) w();
  };
  const worker = async () => {
    for (;;) {
      const index = queue.findIndex((s) => (perHost.get(s.host) ?? 0) < PER_HOST);
      if (index < 0) {
        if (queue.length === 0) return;
        await new Promise<void>((resolve) => wakeups.push(resolve));
        continue;
      }
      const [source] = queue.splice(index, 1);
      perHost.set(source!.host, (perHost.get(source!.host) ?? 0) + 1);
      try {
        reports.push(await pollOne(db, source!, rules, pushed.has(source!.id), options));
      } finally {
        perHost.set(source!.host, perHost.get(source!.host)! - 1);
        wake();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
  return reports;
}

async function pollOne(
  db: Kysely<Database>,
  source: Source,
  rules: Awaited<ReturnType<typeof listWatchRules>>,
  pushed: boolean,
  options: PollOptions,
): Promise<FeedReport> {
  const report = { sourceId: source.id, name: source.name, added: 0, merged: 0 };
  const fail = async (error: string, delaySeconds?: number | null): Promise<FeedReport> => {
    const delay = delaySeconds ?? backoffSeconds(source.error_count + 1, options.random);
    await recordFetch(db, source, { status: 'error', error, delaySeconds: delay }, options.now());
    return { ...report, outcome: 'error', error };
  };
  let fetched: Awaited<ReturnType<typeof fetchFeed>>;
  try {
    fetched = await fetchFeed(
      source.feed_url,
      { etag: source.etag, lastModified: source.last_modified },
      options.fetch,
    );
  } catch (err) {
    if (err instanceof FetchError) return fail(err.message);
    throw err;
  }
  if (fetched.kind === 'not-modified') {
    await recordFetch(
      db,
      source,
      { status: 'not-modified', intervalSeconds: pushed ? MAX_INTERVAL_S : source.interval_seconds },
      options.now(),
    );
    return { ...report, outcome: 'not-modified' };
  }
  if (fetched.kind === 'http-error') {
    const wait = [429, 503].includes(fetched.status)
      ? retryAfterSeconds(fetched.retryAfter, options.now())
      : null;
    const backoff = backoffSeconds(source.error_count + 1, options.random);
    return fail(fetched.message, wait === null ? backoff : Math.max(wait, 60));
  }
  let feed: ReturnType<typeof parseFeedText>;
  try {
    feed = parseFeedText(fetched.text, fetched.url);
  } catch (err) {
    if (err instanceof FeedParseError) return fail(`not a readable feed: ${err.message}`);
    throw err;
  }
  const now = options.now();
  const added = await addEntries(db, source, feed.entries, rules, now);
  const dates = feed.entries.map((e) => e.publishedAt).filter((d): d is string => d !== null);
  await recordFetch(
    db,
    source,
    {
      status: 'ok',
      etag: fetched.etag,
      lastModified: fetched.lastModified,
      // A hub pushes this feed: a fetch a day is the safety net.
      intervalSeconds: pushed ? MAX_INTERVAL_S : adaptiveInterval(dates, now),
      newEntries: added.added,
      hubLinks: hubLinks(fetched.link, feed, fetched.url),
    },
    now,
  );
  return { ...report, outcome: 'ok', added: added.added, merged: added.merged };
}
