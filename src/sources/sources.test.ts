import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import iconv from 'iconv-lite';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { type FeedServer, rssFeed, startFeedServer } from '../../test/helpers/feed-server.ts';
import { fetchFeed } from '../clippings/fetch.ts';
import { addSource } from './add-source.ts';
import { readOpml, writeOpml } from './opml.ts';
import { FeedParseError, parseFeedText } from './parse.ts';
import {
  adaptiveInterval,
  backoffSeconds,
  MAX_INTERVAL_S,
  MIN_INTERVAL_S,
  retryAfterSeconds,
} from './schedule.ts';
import { listSources, recordFetch } from './store.ts';

const T0 = new Date('2030-03-01T12:00:00Z');
const fetch = { allowPrivate: true, timeoutMs: 5000 };
let server: FeedServer;

before(async () => {
  server = await startFeedServer();
  const feed = rssFeed('Mekong Daily', `${server.base}/`, [
    { title: 'Rice prices rise', link: `${server.base}/a/1`, date: '2030-03-01T10:00:00Z' },
  ]);
  server.routes.set('/', () => ({
    headers: { 'content-type': 'text/html' },
    body: `<!doctype html><html><head><title>Mekong</title><link rel="alternate" type="application/rss+xml" href="/news.rss"></head><body>hi</body></html>`,
  }));
  server.routes.set('/news.rss', (req) =>
    req.headers['if-none-match'] === '"v1"'
      ? { status: 304 }
      : { headers: { 'content-type': 'application/rss+xml', etag: '"v1"' }, body: feed },
  );
  server.routes.set('/plain/', () => ({
    headers: { 'content-type': 'text/html' },
    body: '<!doctype html><p>no feed</p>',
  }));
  server.routes.set('/feed', () => ({ status: 404 }));
  server.routes.set('/cyr.xml', () => ({
    headers: { 'content-type': 'text/xml' },
    body: iconv.encode(
      '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости</title><link>http://x/</link><item><title>Привет</title><link>http://x/1</link></item></channel></rss>',
      'windows-1251',
    ),
  }));
});
after(() => server.close());

it('decodes a feed by its XML declaration and reads its entries', async () => {
  const got = await fetchFeed(`${server.base}/cyr.xml`, {}, fetch);
  assert.equal(got.kind, 'feed');
  if (got.kind !== 'feed') return;
  assert.equal(got.charset, 'windows-1251');
  const feed = parseFeedText(got.text, got.url);
  assert.equal(feed.title, 'Новости');
  assert.equal(feed.entries[0]!.title, 'Привет');
});

it('sends the validators back and reports 304', async () => {
  const got = await fetchFeed(`${server.base}/news.rss`, { etag: '"v1"' }, fetch);
  assert.equal(got.kind, 'not-modified');
});

it('refuses internal addresses unless allowed', async () => {
  await assert.rejects(fetchFeed(`${server.base}/news.rss`), /refused to fetch 127\.0\.0\.1/);
});

it('refuses a web page or junk with a reason', () => {
  assert.throws(() => parseFeedText('<!doctype html><html></html>', 'http://x/'), /web page, not a feed/);
  assert.throws(() => parseFeedText('hello', 'http://x/'), FeedParseError);
  assert.throws(() => parseFeedText('', 'http://x/'), /empty/);
});

it('round-trips an outlet list through OPML, folders flattened', () => {
  const text = writeOpml('Desk', [{ name: 'A & B', feedUrl: 'http://a/feed', siteUrl: 'http://a/' }], T0);
  assert.deepEqual(readOpml(text), [{ name: 'A & B', feedUrl: 'http://a/feed', siteUrl: 'http://a/' }]);
  const nested = `<opml version="2.0"><head/><body><outline text="News"><outline text="X" xmlUrl="http://x/rss"/></outline></body></opml>`;
  assert.deepEqual(readOpml(nested), [{ name: 'X', feedUrl: 'http://x/rss', siteUrl: null }]);
  assert.throws(() => readOpml('<opml><body/></opml>'), /lists no feed|not an OPML/);
});

it('writes an empty outlet list as a valid OPML file', () => {
  const text = writeOpml('Desk <&>', [], T0);
  assert.match(text, /<opml version="2.0">/);
  assert.match(text, /<title>Desk &lt;&amp;&gt;<\/title>/);
  assert.throws(() => readOpml(text), /lists no feed/);
});

it('schedules by publishing rate, bounded, and backs off on errors', () => {
  const hourly = Array.from({ length: 10 }, (_, i) => new Date(T0.getTime() - i * 3_600_000).toISOString());
  const interval = adaptiveInterval(hourly, T0);
  assert.ok(interval >= 25 * 60 && interval <= 35 * 60, `hourly feed → about 30 min, got ${interval}`);
  const burst = Array.from({ length: 10 }, (_, i) => new Date(T0.getTime() - i * 60_000).toISOString());
  assert.equal(adaptiveInterval(burst, T0), MIN_INTERVAL_S);
  assert.equal(adaptiveInterval(['2029-01-01T00:00:00Z', '2029-02-01T00:00:00Z'], T0), MAX_INTERVAL_S);
  assert.equal(
    backoffSeconds(1, () => 0.5),
    900,
  );
  assert.equal(
    backoffSeconds(3, () => 0.5),
    3600,
  );
  assert.equal(
    backoffSeconds(30, () => 0.5),
    MAX_INTERVAL_S,
  );
  assert.equal(retryAfterSeconds('120', T0), 120);
  assert.equal(retryAfterSeconds(new Date(T0.getTime() + 60_000).toUTCString(), T0), 60);
  assert.equal(retryAfterSeconds('soon', T0), null);
});

eachDatabase('outlets', (store) => {
  it('adds an outlet by its site address through the page’s declared feed, once', async () => {
    const { db } = store();
    const added = await addSource(db, `${server.base}/`, { fetch, now: T0 });
    assert.ok(added.kind === 'added');
    assert.equal(added.source.feed_url, `${server.base}/news.rss`);
    assert.equal(added.source.name, 'Mekong Daily');
    assert.equal(added.source.host, new URL(server.base).host);
    const again = await addSource(db, `${server.base}/news.rss`, { fetch, now: T0 });
    assert.equal(again.kind, 'known');
    assert.equal((await listSources(db)).length, 1);
  });

  it('refuses a page with no feed, saying where it looked', async () => {
    const { db } = store();
    const got = await addSource(db, `${server.base}/plain/`, { fetch, now: T0 });
    assert.equal(got.kind, 'refused');
    assert.match(got.kind === 'refused' ? got.reason : '', /names no feed/);
  });

  it('keeps validators from a 200 only and counts errors in a row', async () => {
    const { db } = store();
    const [source] = await listSources(db);
    await recordFetch(
      db,
      source!,
      { status: 'ok', etag: '"e"', lastModified: null, intervalSeconds: 1800, newEntries: 3 },
      T0,
    );
    let [s] = await listSources(db);
    assert.equal(s!.etag, '"e"');
    assert.equal(s!.next_fetch_at, new Date(T0.getTime() + 1_800_000).toISOString());
    await recordFetch(db, s!, { status: 'error', error: 'x answered 503', delaySeconds: 600 }, T0);
    [s] = await listSources(db);
    await recordFetch(db, s!, { status: 'error', error: 'x answered 503', delaySeconds: 1200 }, T0);
    [s] = await listSources(db);
    assert.equal(s!.error_count, 2);
    assert.equal(s!.last_error, 'x answered 503');
    assert.equal(s!.etag, '"e"', 'an error keeps the validators');
    await recordFetch(db, s!, { status: 'not-modified', intervalSeconds: 3600 }, T0);
    [s] = await listSources(db);
    assert.equal(s!.error_count, 0);
    assert.equal(s!.entries_seen, 3);
  });
});
