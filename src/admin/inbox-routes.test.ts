// The inbox desk in process on both databases: follow one outlet by its site address and one by
// OPML, poll them from a real local server, see one story from both once, clip it in one click
// into a draft with its source, dismiss another, and export the outlets as OPML.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ORIGIN, type SignedIn, signedInAs, form as withToken } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { type FeedServer, rssFeed, startFeedServer } from '../../test/helpers/feed-server.ts';
import { articlePage } from '../../test/helpers/news-site.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { pollDue } from '../inbox/poll.ts';

let server: FeedServer;
const NOW = new Date('2030-05-01T09:00:00Z');

before(async () => {
  server = await startFeedServer();
  const b = server.base;
  const html = (body: string) => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body });
  server.routes.set('/', () =>
    html(
      `<!doctype html><html><head><title>River Times</title><link rel="alternate" type="application/atom+xml" href="/feed.atom"></head><body></body></html>`,
    ),
  );
  server.routes.set('/feed.atom', () => ({
    headers: { 'content-type': 'application/atom+xml' },
    body: `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>River Times</title><id>urn:rt</id><updated>2030-05-01T08:00:00Z</updated><link rel="alternate" href="${b}/"/>
<entry><title>Governor opens the new river bridge</title><id>urn:rt:1</id><link rel="alternate" href="${b}/2030/05/bridge.html?utm_source=atom"/><updated>2030-05-01T08:00:00Z</updated><summary>The provincial governor opened the new bridge.</summary></entry>
<entry><title>Market prices steady</title><id>urn:rt:2</id><link href="${b}/2030/05/market.html"/><updated>2030-05-01T07:00:00Z</updated><summary>Prices held.</summary></entry></feed>`,
  }));
  server.routes.set('/wire.rss', () => ({
    headers: { 'content-type': 'application/rss+xml' },
    body: rssFeed('Wire', `${b}/`, [
      {
        title: 'Governor opens the new river bridge',
        link: `${b}/2030/05/bridge.html`,
        date: '2030-05-01T08:05:00Z',
      },
    ]),
  }));
  server.routes.set('/2030/05/bridge.html', () =>
    html(articlePage(b, '/2030/05/bridge.html', 'Governor opens the new river bridge')),
  );
});
after(() => server.close());

eachDatabase('admin: inbox', (store) => {
  let app: ReturnType<typeof createApp>['app'];
  let author: SignedIn;
  let moderator: SignedIn;
  const get = (path: string, who: SignedIn) => app.request(`${ORIGIN}${path}`, { headers: who.headers });
  const post = (path: string, who: SignedIn, fields: Record<string, string>, accept?: string) =>
    app.request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: {
        ...who.headers,
        'content-type': 'application/x-www-form-urlencoded',
        ...(accept ? { accept } : {}),
      },
      body: withToken(who, fields),
    });

  before(async () => {
    const config = { ...loadConfig({}, process.cwd()), fetchAllowPrivate: true };
    app = createApp({ store: store(), config, now: () => NOW }).app;
    author = await signedInAs(store(), 'author', undefined, NOW);
    moderator = await signedInAs(store(), 'moderator', undefined, NOW);
  });

  it('is for those who write posts', async () => {
    assert.equal((await get('/admin/inbox', moderator)).status, 403);
    const empty = await (await get('/admin/inbox', author)).text();
    assert.match(empty, /Follow an outlet/);
  });

  it('follows an outlet by its site address and another by OPML', async () => {
    const bySite = await post('/admin/inbox/sources', author, { address: `${server.base}/` });
    assert.equal(bySite.status, 200);
    assert.match(await bySite.text(), /Following River Times \(2 articles in its feed\)/);
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body><outline text="Wire" xmlUrl="${server.base}/wire.rss" htmlUrl="${server.base}/"/><outline text="Bad" xmlUrl="file:///etc/passwd"/></body></opml>`;
    const imported = await post('/admin/inbox/sources/opml', author, { opml });
    assert.match(
      await imported.text(),
      /Imported 1 new outlets.*Skipped: file:\/\/\/etc\/passwd \(not a web address\)/s,
    );
    const bad = await post('/admin/inbox/sources', author, { address: `${server.base}/nothing` });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /Not added: .*answered 404/);
  });

  it('shows each story once, however many feeds carry it', async () => {
    const reports = await pollDue(store().db, { fetch: { allowPrivate: true }, now: () => NOW });
    assert.equal(reports.length, 2);
    const html = await (await get('/admin/inbox', author)).text();
    assert.equal(html.match(/Governor opens the new river bridge<\/a>/g)?.length, 1);
    assert.match(html, /also in 1 more/);
    assert.match(html, /Market prices steady/);
  });

  it('clips an item in one click into a draft with its source, and shows where', async () => {
    const { db } = store();
    const item = await db
      .selectFrom('inbox_items')
      .selectAll()
      .where('title', 'like', 'Governor%')
      .executeTakeFirstOrThrow();
    const res = await post(`/admin/inbox/${item.id}/clip`, author, {});
    assert.equal(res.status, 303);
    const postId = Number(/\/admin\/posts\/(\d+)\/edit/.exec(res.headers.get('location') ?? '')?.[1]);
    const draft = await db.selectFrom('posts').selectAll().where('id', '=', postId).executeTakeFirstOrThrow();
    assert.equal(draft.status, 'draft');
    assert.equal(draft.source_outlet, 'River Times');
    assert.deepEqual(JSON.parse(draft.source_authors), ['Sokha Chan']);
    const clipped = await (await get('/admin/inbox?view=clipped', author)).text();
    assert.match(clipped, new RegExp(`Clipped: ${draft.path.replace(/[.]/g, '\\.')}`));
    const again = await post(`/admin/inbox/${item.id}/clip`, author, {});
    assert.equal(again.headers.get('location'), `/admin/posts/${postId}/edit`, 'clipped once');
  });

  it('dismisses and keeps for later, and refuses unknown states', async () => {
    const { db } = store();
    const item = await db
      .selectFrom('inbox_items')
      .selectAll()
      .where('title', 'like', 'Market%')
      .executeTakeFirstOrThrow();
    const res = await post(`/admin/inbox/${item.id}/state`, author, { state: 'later' }, 'application/json');
    assert.deepEqual(await res.json(), { ok: true });
    assert.match(await (await get('/admin/inbox?view=later', author)).text(), /Market prices steady/);
    await post(`/admin/inbox/${item.id}/state`, author, {
      state: 'dismissed',
      back: 'https://evil.example/',
    });
    assert.doesNotMatch(await (await get('/admin/inbox', author)).text(), /Market prices steady/);
    assert.equal((await post(`/admin/inbox/${item.id}/state`, author, { state: 'gone' })).status, 400);
  });

  it('exports the outlets as OPML and shows their health', async () => {
    const res = await get('/admin/inbox/sources.opml', author);
    const text = await res.text();
    assert.match(res.headers.get('content-type') ?? '', /opml/);
    assert.match(text, new RegExp(`xmlUrl="${server.base}/feed.atom"`));
    assert.match(text, new RegExp(`xmlUrl="${server.base}/wire.rss"`));
    const page = await (await get('/admin/inbox/sources', author)).text();
    assert.match(page, /badge-published">ok</);
  });

  it('shows which outlets a WebSub hub pushes, and unsubscribes an unfollowed one', async () => {
    const db = store().db;
    const [river, wire] = await db.selectFrom('sources').select(['id', 'feed_url']).orderBy('name').execute();
    const row = (sourceId: number, state: 'active' | 'failed', error: string | null) => ({
      source_id: sourceId,
      hub_url: 'http://127.0.0.1:9/hub',
      topic_url: `${server.base}/t${sourceId}`,
      token: `token-${sourceId}`,
      secret: `secret-${sourceId}`,
      state,
      lease_until: state === 'active' ? '2030-05-06T09:00:00.000Z' : null,
      requested_at: NOW.toISOString(),
      error,
    });
    await db
      .insertInto('websub_subscriptions')
      .values([row(river!.id, 'active', null), row(wire!.id, 'failed', 'the hub 127.0.0.1:9 answered 500')])
      .execute();
    const page = await (await get('/admin/inbox/sources', author)).text();
    assert.match(page, /pushed by hub 127\.0\.0\.1:9, lease until [^<]*2030/);
    assert.match(page, /not pushed \(the hub 127\.0\.0\.1:9 answered 500\); polled/);
    assert.doesNotMatch(page, /secret-|token-/);
    await post(`/admin/inbox/sources/${river!.id}/delete`, author, {});
    const left = await db
      .selectFrom('websub_subscriptions')
      .select(['source_id', 'state'])
      .orderBy('source_id')
      .execute();
    assert.deepEqual(
      left.find((l) => l.source_id === river!.id),
      { source_id: river!.id, state: 'unsubscribing' },
      'kept until the hub confirms',
    );
  });
});
