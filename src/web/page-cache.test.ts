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
  const cache = new PageCache({ contentVersion: () => 1 }, 10, 1000, () => now);
  cache.set('/a', page('a'));
  now = 999;
  assert.ok(cache.get('/a', 1));
  now = 2001;
  assert.equal(cache.get('/a', 1), undefined);
});

it('evicts the least recently used entry past its size', () => {
  const cache = new PageCache({ contentVersion: () => 1 }, 2);
  cache.set('/a', page('a'));
  cache.set('/b', page('b'));
  cache.get('/a', 1);
  cache.set('/c', page('c'));
  assert.ok(cache.get('/a', 1));
  assert.equal(cache.get('/b', 1), undefined);
  assert.equal(cache.size, 2);
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
