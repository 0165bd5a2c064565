import assert from 'node:assert/strict';
import { it } from 'node:test';
import { etagMatches } from './middleware/page-cache.ts';
import { isCacheable, PageCache } from './page-cache.ts';

const page = (body: string, tags: string[] | null = null) => ({
  status: 200,
  headers: [],
  body: Buffer.from(body),
  etag: `"${body}"`,
  tags,
});

/** The two numbers the cache reads from the database, kept here as 009's triggers keep them. */
function versions() {
  const state = { version: 1, changes: new Map<string, number>() };
  return {
    contentVersion: () => state.version,
    contentChangesSince: (v: number) => [...state.changes].filter(([, at]) => at > v).map(([tag]) => tag),
    write(...tags: string[]) {
      state.version++;
      for (const tag of tags) state.changes.set(tag, state.version);
    },
  };
}
const fixed = { contentVersion: () => 1, contentChangesSince: () => [] };
/** A cache over a database nobody writes to, synced once at version 1. */
function steady(options: ConstructorParameters<typeof PageCache>[1] = {}) {
  const cache = new PageCache(fixed, options);
  cache.sync();
  return cache;
}

it('drops only the pages tagged with what changed', () => {
  const db = versions();
  const cache = new PageCache(db);
  const v = cache.sync() as number;
  cache.set('/2017/07/a.html', page('a', ['post:1', 'posts']), v);
  cache.set('/2017/07/b.html', page('b', ['post:2', 'posts']), v);
  cache.set('/', page('home', ['posts', 'comments']), v);
  cache.set('/nowhere', page('404'), v);
  db.write('post:1', 'comments');
  cache.sync();
  assert.equal(cache.get('/2017/07/a.html'), undefined, 'the commented post');
  assert.equal(cache.get('/'), undefined, 'the listing showing counts');
  assert.equal(cache.get('/nowhere'), undefined, 'an untagged page');
  assert.equal(cache.get('/2017/07/b.html')?.body.toString(), 'b', 'the other post stays');
  db.write('*');
  cache.sync();
  assert.equal(cache.size, 0, 'a settings change drops everything');
});

it('keeps out a page rendered while a change to it was made', () => {
  const db = versions();
  const cache = new PageCache(db);
  const before = cache.sync() as number;
  db.write('post:1', 'comments');
  cache.sync(); // another request saw the change before this render finished
  cache.set('/2017/07/a.html', page('stale a', ['post:1']), before);
  assert.equal(cache.get('/2017/07/a.html'), undefined);
  cache.set('/2017/07/b.html', page('b', ['post:2']), before);
  assert.ok(cache.get('/2017/07/b.html'), 'a page the change did not touch is kept');
  cache.set('/x', page('x'), before - 1);
  assert.equal(cache.get('/x'), undefined, 'from before what is remembered: not kept');
});

it('expires entries after their time to live', () => {
  let now = 0;
  const cache = steady({ ttlMs: 1000, now: () => now });
  cache.set('/a', page('a'), 1);
  now = 999;
  assert.ok(cache.get('/a'));
  now = 2001;
  assert.equal(cache.get('/a'), undefined);
});

const big = (fill: string, bytes: number) => ({ ...page(fill), body: Buffer.alloc(bytes, fill) });

it('evicts the least recently used entry past its byte bound', () => {
  const cache = steady({ maxBytes: 10_000 });
  for (const name of ['a', 'b', 'c', 'd']) cache.set(`/${name}`, big(name, 2000), 1);
  cache.get('/a');
  cache.set('/e', big('e', 2000), 1);
  assert.ok(cache.get('/a'), 'the recently read entry stays');
  assert.equal(cache.get('/b'), undefined, 'the least recently used one went');
  assert.equal(cache.size, 4);
  assert.ok(cache.sizeBytes <= 10_000);
});

it('stays within its bytes however many big pages fill it', () => {
  const maxBytes = 1024 * 1024;
  const cache = steady({ maxBytes });
  let peak = 0;
  for (let i = 0; i < 500; i++) {
    cache.set(`/2017/07/p${i}.html`, big('x', 50_000 + (i % 7) * 13_000), 1);
    peak = Math.max(peak, cache.sizeBytes);
  }
  assert.ok(peak <= maxBytes, `peak ${peak} bytes`);
  assert.ok(cache.size >= 8 && cache.size < 21, `${cache.size} pages kept`);
  const held = [...Array(500).keys()].filter((i) => cache.get(`/2017/07/p${i}.html`));
  assert.ok(
    held.every((i) => i >= 480),
    'the newest pages are the ones kept',
  );
  cache.clear();
  assert.equal(cache.sizeBytes, 0);
});

it('keeps no page bigger than a quarter of its bound, and replacing a page frees its bytes', () => {
  const cache = steady({ maxBytes: 100_000 });
  cache.set('/small', big('s', 1000), 1);
  cache.set('/huge', big('h', 30_000), 1);
  assert.equal(cache.get('/huge'), undefined);
  assert.ok(cache.get('/small'), 'a huge page does not flush the rest');
  const before = cache.sizeBytes;
  cache.set('/small', big('s', 1000), 1);
  assert.equal(cache.sizeBytes, before);
});

it('keeps nothing when turned off', () => {
  const cache = steady({ maxBytes: 0 });
  assert.equal(cache.enabled, false);
  cache.set('/a', page('a'), 1);
  assert.equal(cache.get('/a'), undefined);
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
