// Addresses no route can read answer 400 naming the problem, never 500, on every kind of route.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { eachDatabase } from '../../../test/helpers/databases.ts';
import { createApp } from '../../app.tsx';
import { seedEmptyBlog } from '../../clippings/seed.ts';
import { loadConfig } from '../../config.ts';
import { badAddress } from './request-guard.ts';

it('names bad escapes and NUL bytes in the path or query, and lets good ones through', () => {
  assert.match(badAddress('/2017/07/a%ff.html') ?? '', /path has a percent escape/);
  assert.match(badAddress('/a%00b') ?? '', /path contains a NUL byte/);
  assert.match(badAddress('/search?q=%') ?? '', /query has a percent escape/);
  assert.match(badAddress('/search?q=a%00') ?? '', /query contains a NUL/);
  for (const ok of [
    '/',
    '/2017/07/caf%C3%A9.html',
    '/search?q=a+b%20c&x',
    '/2017/07/a%2500.html',
    '/?q=%25s',
  ])
    assert.equal(badAddress(ok), null, ok);
});

eachDatabase('bad addresses', (getStore) => {
  let app: ReturnType<typeof createApp>['app'];
  before(async () => {
    await seedEmptyBlog(getStore().db, new Date());
    ({ app } = createApp({ store: getStore(), config: loadConfig({}, process.cwd()) }));
  });

  it('answers 400 on every kind of route, for paths and queries', async () => {
    const paths = [
      '/2017/07/a%ff.html',
      '/p/%ff.html',
      '/2017/07/a%00.html',
      '/%',
      '/search?q=%ff',
      '/search?q=a%00b',
      '/search/label/%E0%A4%A',
      '/feeds/posts/default/-/%ff',
      '/feeds/posts/default?alt=%ff',
      '/admin/login?next=%ff',
      '/admin/posts/%ff',
      '/media/%ff',
      '/assets/%ff',
      '/comments/1%ff',
      '/?m=%ff',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST']) {
        const res = await app.request(`http://blog.test${path}`, {
          method,
          body: method === 'POST' ? 'a=b' : undefined,
        });
        assert.equal(res.status, 400, `${method} ${path}`);
        assert.match(await res.text(), /^Bad request: The address's (path|query)/);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      }
    }
    // Escaped percent signs and NULs are ordinary text: not found, not refused.
    assert.equal((await app.request('http://blog.test/2017/07/%25s%25s.html')).status, 404);
    assert.equal((await app.request('http://blog.test/search?q=%25s')).status, 200);
  });

  it('answers what the fuzzer found with 400 or a page, never 500', async () => {
    const form = await app.request('http://blog.test/admin/login', {
      method: 'POST',
      headers: { origin: 'http://blog.test', 'content-type': 'multipart/form-data' },
      body: 'not a form',
    });
    assert.equal(form.status, 400);
    assert.match(await form.text(), /not a well-formed form/);
    const empty = await app.request('http://blog.test/?updated-max=2000-01-01T00:00:00Z');
    assert.equal(empty.status, 200, 'a page before the first post is an empty page');
  });
});
