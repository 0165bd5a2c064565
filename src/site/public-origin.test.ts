// The public origin never comes from a request's Host header: one request for evil.example on a
// cold cache must not put evil.example into any page, feed, sitemap or robots.txt others get.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ORIGIN } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { issueSetupToken } from '../auth/setup-token.ts';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import { readSettings, writeSettings } from '../settings/settings.ts';
import { publicOrigin } from '../settings/validate.ts';
import type { Post } from '../storage/schema.ts';

it('accepts only an http(s) origin as the public address', () => {
  assert.equal(publicOrigin('https://blog.example/'), 'https://blog.example');
  assert.equal(publicOrigin('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
  for (const bad of ['blog.example', 'ftp://blog.example', 'https://blog.example/x', 'https://u:p@b.example'])
    assert.equal(publicOrigin(bad), null, bad);
});

eachDatabase('public origin', (getStore) => {
  let post: Post;
  before(async () => {
    post = await createPost(
      getStore().db,
      { title: 'Origin', bodyHtml: '<p>x</p>', status: 'published', labels: ['news'] },
      'UTC',
    );
  });

  const everyPage = () => [
    '/',
    post.path,
    '/search/label/news',
    '/feeds/posts/default',
    '/feeds/posts/default?alt=rss',
    '/feed.json',
    '/feeds/comments/default',
    '/sitemap.xml',
    '/robots.txt',
  ];

  it('answers a poisoned Host on a cold cache without letting it into anything cached', async () => {
    await writeSettings(getStore().db, { publicAddress: 'https://blog.example' });
    const { app } = createApp({ store: getStore(), config: loadConfig({}, process.cwd()) });
    for (const path of everyPage()) {
      const poisoned = await app.request(`http://evil.example${path}`, { headers: { host: 'evil.example' } });
      assert.doesNotMatch(await poisoned.text(), /evil\.example/, path);
    }
    for (const path of everyPage()) {
      const text = await (await app.request(`${ORIGIN}${path}`)).text();
      assert.doesNotMatch(text, /evil\.example|blog\.test/, path);
    }
    const page = await (await app.request(`${ORIGIN}${post.path}`)).text();
    assert.match(page, new RegExp(`<link rel="canonical" href="https://blog\\.example${post.path}"`));
    assert.match(page, /property="og:url" content="https:\/\/blog\.example\//);
    const robots = await (await app.request(`${ORIGIN}/robots.txt`)).text();
    assert.match(robots, /^Sitemap: https:\/\/blog\.example\/sitemap\.xml$/m);
  });

  it('sends HSTS when the public origin is https (a TLS proxy in front), not otherwise', async () => {
    const { app } = createApp({ store: getStore(), config: loadConfig({}, process.cwd()) });
    await writeSettings(getStore().db, { publicAddress: 'https://blog.example' });
    const secure = await app.request(`http://127.0.0.1:8080${post.path}`);
    assert.match(secure.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
    await writeSettings(getStore().db, { publicAddress: 'http://blog.example' });
    const plain = await app.request(`http://127.0.0.1:8080${post.path}?x`);
    assert.equal(plain.headers.get('strict-transport-security'), null);
  });

  it('prefers GLOSS_BASE_URL, and without either uses the address it listens on', async () => {
    const config = loadConfig({ GLOSS_BASE_URL: 'https://configured.example/' }, process.cwd());
    const { deps } = createApp({ store: getStore(), config });
    assert.equal(await deps.origin(), 'https://configured.example');
    await writeSettings(getStore().db, { publicAddress: null });
    const bare = createApp({ store: getStore(), config: loadConfig({ PORT: '8123' }, process.cwd()) });
    assert.equal(await bare.deps.origin(), 'http://127.0.0.1:8123');
    const robots = await (await bare.app.request('http://evil.example/robots.txt')).text();
    assert.match(robots, /Sitemap: http:\/\/127\.0\.0\.1:8123\/sitemap\.xml/);
  });

  it('records the address the owner set the blog up at', async () => {
    const { app } = createApp({ store: getStore(), config: loadConfig({}, process.cwd()) });
    const token = await issueSetupToken(getStore().db);
    assert.ok(token);
    const setupUrl = `https://mine.example/admin/setup?token=${token}`;
    const page = await app.request(setupUrl);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0]!;
    const res = await app.request(setupUrl, {
      method: 'POST',
      headers: { origin: 'https://mine.example', cookie },
      body: new URLSearchParams({
        _csrf: csrf,
        name: 'Owner',
        email: 'owner@mine.example',
        password: 'a long enough password',
        password2: 'a long enough password',
      }),
    });
    assert.equal(res.status, 303, await res.text());
    assert.equal((await readSettings(getStore().db)).publicAddress, 'https://mine.example');
  });
});
