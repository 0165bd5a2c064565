import assert from 'node:assert/strict';
import { it } from 'node:test';
import { etagMatches } from './middleware/page-cache.ts';
import { isCacheable, PageCache } from './page-cache.ts';

const page = (body: string) => ({
  status: 200,
  headers: [],
  body: Buffer.from(body),
  etag: `"${body}"`,
  version: 1,
});

it('serves an entry only at the version it was stored under', () => {
  const cache = new PageCache({ contentVersion: () => 1 });
  cache.set('/a', page('a'));
  assert.equal(cache.get('/a', 1)?.body.toString(), 'a');
  assert.equal(cache.get('/a', 2), undefined, 'a newer version misses');
  assert.equal(cache.get('/a', 1), undefined, 'and the stale entry is gone');
});

it('expires entries after their time to live', () => {
  let now = 0;
  const cache = new PageCache({ contentVersion: () => 1 }, { ttlMs: 1000, now: () => now });
  cache.set('/a', page('a'));
  now = 999;
  assert.ok(cache.get('/a', 1));
  now = 2001;
  assert.equal(cache.get('/a', 1), undefined);
});

const big = (fill: string, bytes: number) => ({ ...page(fill), body: Buffer.alloc(bytes, fill) });

it('evicts the least recently used entry past its byte bound', () => {
  const cache = new PageCache({ contentVersion: () => 1 }, { maxBytes: 10_000 });
  for (const name of ['a', 'b', 'c', 'd']) cache.set(`/${name}`, big(name, 2000));
  cache.get('/a', 1);
  cache.set('/e', big('e', 2000));
  assert.ok(cache.get('/a', 1), 'the recently read entry stays');
  assert.equal(cache.get('/b', 1), undefined, 'the least recently used one went');
  assert.equal(cache.size, 4);
  assert.ok(cache.sizeBytes <= 10_000);
});

it('stays within its bytes however many big pages fill it', () => {
  const maxBytes = 1024 * 1024;
  const cache = new PageCache({ contentVersion: () => 1 }, { maxBytes });
  let peak = 0;
  for (let i = 0; i < 500; i++) {
    cache.set(`/2017/07/p${i}.html`, big('x', 50_000 + (i % 7) * 13_000));
    peak = Math.max(peak, cache.sizeBytes);
  }
  assert.ok(peak <= maxBytes, `peak ${peak} bytes`);
  assert.ok(cache.size >= 8 && cache.size < 21, `${cache.size} pages kept`);
  const held = [...Array(500).keys()].filter((i) => cache.get(`/2017/07/p${i}.html`, 1));
  assert.ok(
    held.every((i) => i >= 480),
    'the newest pages are the ones kept',
  );
  cache.clear();
  assert.equal(cache.sizeBytes, 0);
});

it('keeps no page bigger than a quarter of its bound, and replacing a page frees its bytes', () => {
  const cache = new PageCache({ contentVersion: () => 1 }, { maxBytes: 100_000 });
  cache.set('/small', big('s', 1000));
  cache.set('/huge', big('h', 30_000));
  assert.equal(cache.get('/huge', 1), undefined);
  assert.ok(cache.get('/small', 1), 'a huge page does not flush the rest');
  const before = cache.sizeBytes;
  cache.set('/small', big('s', 1000));
  assert.equal(cache.sizeBytes, before);
});

it('keeps nothing when turned off', () => {
  const cache = new PageCache({ contentVersion: () => 1 }, { maxBytes: 0 });
  assert.equal(cache.enabled, false);
  cache.set('/a', page('a'));
  assert.equal(cache.get('/a', 1), undefined);
  assert.equal(cache.size, 0);
});

it('caches public GETs only', () => {
  assert.equal(isCacheable('GET', '/2017/07/x.html'), true);
  assert.equal(isCacheable('HEAD', '/'), true);
  assert.equal(isCacheable('POST', '/comments/1'), false);
  assert.equal(isCacheable('GET', '/admin/posts'), false);
});

it('matches ETags as HTTP does, weak or strong, in lists', () => {
  assert.equal(etagMatches('W/"x"', 'W/"x"'), true);
  assert.equal(etagMatches('"y", W/"x"', 'W/"x"'), true);
  assert.equal(etagMatches('"x"', 'W/"x"'), true);
  assert.equal(etagMatches('*', 'W/"x"'), true);
  assert.equal(etagMatches('"z"', 'W/"x"'), false);
});
