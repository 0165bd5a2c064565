// A polling simulation against a real local HTTP server whose feeds change between rounds, with a
// fake clock: 304s, errors, Retry-After, intervals, the per-host limit and no duplicates.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { type Answer, type FeedServer, rssFeed, startFeedServer } from '../../test/helpers/feed-server.ts';
import { insertSource, listSources } from '../sources/store.ts';
import { pollDue } from './poll.ts';
import { addEntries, listInbox } from './store.ts';
import { addWatchRule } from './watch.ts';

const T0 = new Date('2030-03-01T12:00:00Z');
let server: FeedServer;
let clock = T0;
const now = () => clock;
const at = (ms: number) => new Date(T0.getTime() + ms);
const fetch = { allowPrivate: true, timeoutMs: 5000 };
const poll = (db: Parameters<typeof pollDue>[0]) => pollDue(db, { fetch, now, random: () => 0.5 });

const STORY =
  'The Mekong river commission said on Monday that water levels at Kratie fell to their lowest point in a decade as dams upstream held back the flow during the dry season';

let version = 1;
let mode: 'ok' | '503' | '500' = 'ok';
let inFlight = 0;
let maxInFlight = 0;

function hourly(base: string, prefix: string, count: number, until: Date) {
  return Array.from({ length: count }, (_, i) => ({
    title: `${prefix} story ${count - i}`,
    link: `${base}/${prefix}/${count - i}`,
    date: new Date(until.getTime() - i * 3_600_000).toISOString(),
    description: `${prefix} report number ${count - i} about provincial affairs and more words here to pad ${prefix}${i}`,
  }));
}

before(async () => {
  server = await startFeedServer();
  server.routes.set('/a.rss', (req): Answer => {
    if (mode === '503') return { status: 503, headers: { 'retry-after': '3600' } };
    if (mode === '500') return { status: 500 };
    const etag = `"a${version}"`;
    if (req.headers['if-none-match'] === etag) return { status: 304 };
    const items = hourly(server.base, 'a', 5 + version, clock);
    items.push({
      title: 'Mekong at a low',
      link: `${server.base}/mekong?utm_source=rss`,
      date: T0.toISOString(),
      description: STORY,
    });
    return {
      headers: { 'content-type': 'application/rss+xml', etag },
      body: rssFeed('A', server.base, items),
    };
  });
  // B carries the same Mekong story under the same address (without tracking) and under a
  // second address with the same text lightly edited.
  server.routes.set('/b.rss', () => ({
    headers: { 'content-type': 'application/rss+xml' },
    body: rssFeed('B', server.base, [
      { title: 'Mekong at a low', link: `${server.base}/mekong`, date: T0.toISOString(), description: STORY },
      {
        title: 'Mekong at a low',
        link: `${server.base}/wire/mekong-low`,
        date: T0.toISOString(),
        description: STORY.replace('Monday', 'Tuesday'),
      },
      {
        title: 'Rice harvest',
        link: `${server.base}/b/rice`,
        date: T0.toISOString(),
        description: 'Farmers in Takeo began the rice harvest early',
      },
    ]),
  }));
  for (let i = 0; i < 5; i++) {
    server.routes.set(`/slow${i}.rss`, () => ({
      headers: { 'content-type': 'application/rss+xml' },
      body: rssFeed(`S${i}`, server.base, []),
    }));
  }
});
after(() => server.close());

eachDatabase('polling', (store) => {
  it('fetches due feeds, merges the same story, and schedules by publishing rate', async () => {
    const { db } = store();
    clock = T0;
    version = 1;
    mode = 'ok';
    await insertSource(db, { name: 'A', feedUrl: `${server.base}/a.rss`, siteUrl: null }, T0);
    await insertSource(db, { name: 'B', feedUrl: `${server.base}/b.rss`, siteUrl: null }, T0);
    await addWatchRule(db, { phrase: 'rice harvest', notifyEmail: 'desk@example.org' }, T0);
    const reports = await poll(db);
    assert.deepEqual(reports.map((r) => r.outcome).sort(), ['ok', 'ok']);
    const items = await listInbox(db, { limit: 100 });
    const mekong = items.filter((i) => i.title === 'Mekong at a low');
    assert.equal(mekong.length, 1, 'one Mekong story from two feeds and two addresses');
    assert.equal(JSON.parse(mekong[0]!.also_from).length, 1, 'B noted as also carrying it');
    assert.equal(items.length, 6 + 1 + 1, 'A: 6 hourly + Mekong; B: rice');
    const rice = items.find((i) => i.title === 'Rice harvest')!;
    assert.equal(JSON.parse(rice.watch_hits).length, 1);
    const mail = await db.selectFrom('outbox').selectAll().execute();
    assert.equal(mail.length, 1);
    assert.match(mail[0]!.subject, /watch: rice harvest/);

    const a = (await listSources(db)).find((s) => s.name === 'A')!;
    assert.equal(a.etag, '"a1"');
    assert.ok(
      a.interval_seconds >= 10 * 60 && a.interval_seconds <= 60 * 60,
      `hourly feed polled every ≤ 1 h, got ${a.interval_seconds}`,
    );
    const b = (await listSources(db)).find((s) => s.name === 'B')!;
    assert.equal(b.interval_seconds, 10 * 60, 'three stories at once: as often as allowed');
  });

  it('fetches nothing before it is due, then sends validators and takes a 304', async () => {
    const { db } = store();
    const before = server.log.length;
    clock = at(60_000);
    assert.deepEqual(await poll(db), []);
    assert.equal(server.log.length, before);
    clock = at(61 * 60_000);
    const reports = await poll(db);
    assert.equal(reports.find((r) => r.name === 'A')!.outcome, 'not-modified');
    const sent = server.log.filter((l) => l.path === '/a.rss').at(-1)!;
    assert.equal(sent.headers['if-none-match'], '"a1"');
  });

  it('honours Retry-After on 503, backs off on 500, and recovers without duplicates', async () => {
    const { db } = store();
    mode = '503';
    clock = at(3 * 3_600_000);
    await poll(db);
    let a = (await listSources(db)).find((s) => s.name === 'A')!;
    assert.equal(a.last_status, 'error');
    assert.match(a.last_error!, /answered 503/);
    assert.equal(a.next_fetch_at, new Date(clock.getTime() + 3_600_000).toISOString());
    assert.equal(a.etag, '"a1"', 'validators kept through errors');
    mode = '500';
    clock = new Date(a.next_fetch_at);
    await poll(db);
    a = (await listSources(db)).find((s) => s.name === 'A')!;
    assert.equal(a.error_count, 2);
    assert.equal(
      a.next_fetch_at,
      new Date(clock.getTime() + 1800 * 1000).toISOString(),
      'second error: 30 min',
    );
    mode = 'ok';
    version = 2;
    clock = new Date(a.next_fetch_at);
    const countBefore = (await listInbox(db, { limit: 500 })).length;
    await poll(db);
    a = (await listSources(db)).find((s) => s.name === 'A')!;
    assert.equal(a.error_count, 0);
    assert.equal(a.etag, '"a2"');
    const items = await listInbox(db, { limit: 500 });
    const keys = items.map((i) => i.url_key);
    assert.equal(new Set(keys).size, keys.length, 'no address twice');
    assert.ok(items.length > countBefore, 'the changed feed brought new stories');
  });

  it('stores one row when two fetches bring the same item at once', async () => {
    const { db } = store();
    const [a, b] = await listSources(db);
    const entry = {
      guid: 'x',
      url: `${server.base}/race/1`,
      title: 'Race',
      summary: 'short',
      imageUrl: null,
      authors: [],
      publishedAt: T0.toISOString(),
    };
    const results = await Promise.all([
      addEntries(db, a!, [entry], [], clock),
      addEntries(db, b!, [entry], [], clock),
      addEntries(db, a!, [entry], [], clock),
    ]);
    assert.equal(
      results.reduce((n, r) => n + r.added, 0),
      1,
    );
    const rows = await db.selectFrom('inbox_items').select('id').where('url', '=', entry.url).execute();
    assert.equal(rows.length, 1);
  });

  it('fetches at most two feeds of one host at a time', async () => {
    const { db } = store();
    for (let i = 0; i < 5; i++) {
      await insertSource(db, { name: `S${i}`, feedUrl: `${server.base}/slow${i}.rss`, siteUrl: null }, clock);
    }
    // Every answer is held 50 ms while the count of requests in flight is watched.
    inFlight = 0;
    maxInFlight = 0;
    server.hold = 50;
    server.onFlight = (n) => {
      inFlight = n;
      maxInFlight = Math.max(maxInFlight, inFlight);
    };
    const reports = await pollDue(db, { fetch, now, concurrency: 8 });
    server.hold = 0;
    server.onFlight = undefined;
    assert.equal(reports.filter((r) => r.name.startsWith('S')).length, 5);
    assert.equal(maxInFlight, 2);
  });
});
