// WebSub end to end: a real hub (test/helpers/websub-hub.ts) on 127.0.0.1, the feed on a real
// feed server, and Gloss listening on a real port for the hub's verifications and pushes.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, it } from 'node:test';
import { eachDatabase } from '../../../test/helpers/databases.ts';
import { type FeedServer, startFeedServer } from '../../../test/helpers/feed-server.ts';
import { startServer } from '../../../test/helpers/server.ts';
import { type Hub, startHub } from '../../../test/helpers/websub-hub.ts';
import { MAX_INTERVAL_S } from '../../sources/schedule.ts';
import { getSource, insertSource } from '../../sources/store.ts';
import { pollDue } from '../poll.ts';
import { listInbox } from '../store.ts';
import { endSubscription } from './store.ts';
import { websubUpkeep } from './upkeep.ts';

const T0 = new Date('2030-03-01T12:00:00Z');
let clock = T0;
const now = () => clock;
const fetch = { allowPrivate: true, timeoutMs: 5000 };
let feeds: FeedServer;

function atom(
  hub: string | null,
  self: string | null,
  entries: { id: string; link: string; title: string }[],
) {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Pushed Times</title><id>urn:pt</id><updated>2030-03-01T11:00:00Z</updated>
${hub ? `<link rel="hub" href="${hub}"/>` : ''}${self ? `<link rel="self" href="${self}"/>` : ''}
<link rel="alternate" href="${feeds.base}/"/>
${entries
  .map(
    (e) =>
      `<entry><id>${e.id}</id><title>${e.title}</title><link rel="alternate" href="${e.link}"/><updated>2030-03-01T11:00:00Z</updated><summary>${e.title} in words</summary></entry>`,
  )
  .join('\n')}</feed>`;
}

before(async () => {
  feeds = await startFeedServer();
});
after(async () => {
  await feeds.close();
});

eachDatabase('WebSub subscriber', (store) => {
  let hub: Hub;
  let gloss: Awaited<ReturnType<typeof startServer>>;
  let sourceId: number;
  let topic: string;
  const upkeep = () => websubUpkeep(store().db, { callbackBase: gloss.base, fetch, now });
  const subscription = () =>
    store()
      .db.selectFrom('websub_subscriptions')
      .selectAll()
      .where('source_id', '=', sourceId)
      .executeTakeFirst();
  before(async () => {
    clock = T0;
    hub = await startHub();
    gloss = await startServer(store(), { fetchAllowPrivate: true }, now);
    topic = `${feeds.base}/self.atom`;
    feeds.routes.set('/pushed.atom', () => ({
      headers: { 'content-type': 'application/atom+xml' },
      body: atom(hub.url, topic, [{ id: 'urn:1', link: `${feeds.base}/one`, title: 'First' }]),
    }));
    feeds.routes.set('/linked.rss', () => ({
      headers: {
        'content-type': 'application/rss+xml',
        link: `<${hub.url}>; rel="hub", <${feeds.base}/linked-topic>; rel="self"`,
      },
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>L</title><link>${feeds.base}</link><description>d</description></channel></rss>`,
    }));
  });
  after(async () => {
    await gloss.close();
    await hub.close();
  });

  it('discovers the hub and topic from Atom links and from a Link header', async () => {
    const { source } = await insertSource(
      store().db,
      { name: 'Pushed', feedUrl: `${feeds.base}/pushed.atom`, siteUrl: null },
      clock,
    );
    const linked = await insertSource(
      store().db,
      { name: 'Linked', feedUrl: `${feeds.base}/linked.rss`, siteUrl: null },
      clock,
    );
    sourceId = source.id;
    await pollDue(store().db, { fetch, now });
    const pushed = await getSource(store().db, source.id);
    assert.equal(pushed?.hub_url, hub.url);
    assert.equal(pushed?.topic_url, topic);
    const fromHeader = await getSource(store().db, linked.source.id);
    assert.equal(fromHeader?.hub_url, hub.url);
    assert.equal(fromHeader?.topic_url, `${feeds.base}/linked-topic`);
    // Only the Atom outlet is followed further in this suite.
    await store()
      .db.updateTable('sources')
      .set({ hub_url: null, topic_url: null })
      .where('id', '=', linked.source.id)
      .execute();
  });

  it('subscribes; the hub verifies intent and the subscription is active with its lease', async () => {
    const report = await upkeep();
    assert.equal(report.subscribed, 1);
    const form = hub.requests.at(-1)!.form;
    assert.equal(form['hub.mode'], 'subscribe');
    assert.equal(form['hub.topic'], topic);
    assert.match(form['hub.callback']!, new RegExp(`^${gloss.base}/websub/${sourceId}/[A-Za-z0-9_-]{32}$`));
    assert.equal(form['hub.lease_seconds'], String(10 * 24 * 60 * 60));
    assert.ok((form['hub.secret'] ?? '').length >= 32);
    assert.deepEqual(hub.verifications.at(-1), {
      mode: 'subscribe',
      callback: form['hub.callback'],
      status: 200,
      echoed: true,
    });
    const sub = await subscription();
    assert.equal(sub?.state, 'active');
    assert.equal(sub?.lease_until, new Date(T0.getTime() + hub.leaseSeconds * 1000).toISOString());
    // Pushed: the next fetch is the daily safety net.
    await store()
      .db.updateTable('sources')
      .set({ next_fetch_at: T0.toISOString() })
      .where('id', '=', sourceId)
      .execute();
    await pollDue(store().db, { fetch, now });
    assert.equal((await getSource(store().db, sourceId))?.interval_seconds, MAX_INTERVAL_S);
    // A second round has nothing to do.
    assert.deepEqual(await upkeep(), { subscribed: 0, renewed: 0, failed: 0, unsubscribed: 0 });
  });

  it('answers 404 to a verification for an unknown token, topic or mode', async () => {
    const sub = (await subscription())!;
    const ask = async (token: string, query: Record<string, string>) =>
      (await globalThis.fetch(`${gloss.base}/websub/${sourceId}/${token}?${new URLSearchParams(query)}`))
        .status;
    const good = {
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.challenge': 'abc',
      'hub.lease_seconds': '60',
    };
    assert.equal(await ask('not-the-token', good), 404);
    assert.equal(await ask(sub.token, { ...good, 'hub.topic': `${feeds.base}/other` }), 404);
    assert.equal(await ask(sub.token, { ...good, 'hub.mode': 'unsubscribe' }), 404, 'nobody asked to stop');
    assert.equal((await subscription())?.lease_until, sub.lease_until, 'nothing changed');
  });

  it('stores a signed push in the inbox; a wrongly signed or unsigned one is ignored', async () => {
    const body = atom(null, null, [{ id: 'urn:2', link: `${feeds.base}/two`, title: 'Second' }]);
    assert.deepEqual(await hub.publish(topic, body, { wrongSecret: true }), [202]);
    const sub = (await subscription())!;
    const unsigned = await globalThis.fetch(`${gloss.base}/websub/${sourceId}/${sub.token}`, {
      method: 'POST',
      body,
    });
    assert.equal(unsigned.status, 202);
    assert.ok(!(await listInbox(store().db)).some((i) => i.url.endsWith('/two')), 'ignored');
    assert.deepEqual(await hub.publish(topic, body), [202]);
    const items = await listInbox(store().db);
    assert.ok(items.some((i) => i.url === `${feeds.base}/two` && i.title === 'Second'));
  });

  it('adds an entry pushed 50 times at once exactly once', async () => {
    const body = atom(null, null, [{ id: 'urn:3', link: `${feeds.base}/three`, title: 'Third' }]);
    const statuses = await Promise.all(Array.from({ length: 50 }, () => hub.publish(topic, body)));
    assert.deepEqual(statuses.flat(), Array(50).fill(202));
    const items = (await listInbox(store().db)).filter((i) => i.url === `${feeds.base}/three`);
    assert.equal(items.length, 1);
  });

  it('refuses a push over 2 MB with 413 before reading it all', async () => {
    const sub = (await subscription())!;
    const url = new URL(`${gloss.base}/websub/${sourceId}/${sub.token}`);
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      const req = http.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/atom+xml', 'content-length': String(50 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
        req.destroy();
      });
      req.on('error', (err) => (sent > 0 ? undefined : reject(err)));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const write = () => {
        while (sent < 50 * 1024 * 1024 && req.write(chunk)) sent += chunk.length;
      };
      req.on('drain', write);
      write();
    });
    assert.equal(status, 413);
    assert.ok(sent < 50 * 1024 * 1024, `answered after ${sent} bytes of 50 MB`);
  });

  it('renews the lease within a day of its end', async () => {
    const before = (await subscription())!;
    clock = new Date(Date.parse(before.lease_until!) - 12 * 60 * 60 * 1000);
    const report = await upkeep();
    assert.equal(report.renewed, 1);
    assert.equal(hub.requests.at(-1)!.form['hub.mode'], 'subscribe');
    const after = (await subscription())!;
    assert.equal(after.state, 'active');
    assert.equal(after.token, before.token, 'same callback');
    assert.equal(after.lease_until, new Date(clock.getTime() + hub.leaseSeconds * 1000).toISOString());
  });

  it('falls back to polling when the hub denies, and records why', async () => {
    await store()
      .db.updateTable('websub_subscriptions')
      .set({ state: 'failed', requested_at: T0.toISOString() })
      .execute();
    clock = new Date(clock.getTime() + 2 * 24 * 60 * 60 * 1000);
    hub.behaviour = 'deny';
    await upkeep();
    const sub = (await subscription())!;
    assert.equal(sub.state, 'denied');
    assert.match(sub.error ?? '', /denied the subscription: not on our list/);
    const source = (await getSource(store().db, sourceId))!;
    assert.equal(source.next_fetch_at, clock.toISOString(), 'polled again at once');
    assert.equal(source.interval_seconds, 60 * 60);
  });

  it('records a hub error in words and keeps polling', async () => {
    clock = new Date(clock.getTime() + 2 * 24 * 60 * 60 * 1000);
    hub.behaviour = 'fail';
    const report = await upkeep();
    assert.equal(report.failed, 1);
    const sub = (await subscription())!;
    assert.equal(sub.state, 'failed');
    assert.match(sub.error ?? '', /the hub 127\.0\.0\.1:\d+ answered 500: The hub is having a bad day/);
    assert.doesNotMatch(sub.error ?? '', new RegExp(sub.secret));
  });

  it('asks the hub to stop when the outlet is removed', async () => {
    clock = new Date(clock.getTime() + 2 * 24 * 60 * 60 * 1000);
    hub.behaviour = 'verify';
    await upkeep();
    assert.equal((await subscription())?.state, 'active');
    await endSubscription(store().db, sourceId);
    await store().db.deleteFrom('sources').where('id', '=', sourceId).execute();
    const report = await upkeep();
    assert.equal(report.unsubscribed, 1);
    assert.equal(hub.requests.at(-1)!.form['hub.mode'], 'unsubscribe');
    assert.equal(hub.verifications.at(-1)?.echoed, true);
    assert.equal(await subscription(), undefined);
  });
});
