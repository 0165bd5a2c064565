import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { startSmtp, type TestSmtp } from '../../test/helpers/smtp.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import type { Store } from '../storage/db.ts';
import { sendRound } from './sender.ts';

const BASE = 'http://blog.test';
const FROM = 'Gloss test <blog@blog.test>';

function appFor(store: Store, clock: { now: Date }) {
  const config = {
    ...loadConfig({}, process.cwd()),
    baseUrl: BASE,
    smtp: { host: '127.0.0.1', port: 25, user: null, password: null, from: FROM, secure: false },
  };
  return createApp({ store, config, now: () => clock.now });
}

function post(
  app: ReturnType<typeof createApp>['app'],
  path: string,
  fields: Record<string, string | string[]>,
) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return app.request(path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The first link in a mail's text that goes to the blog and starts with the path. */
function linkIn(text: string, path: string): string {
  const match = new RegExp(`${BASE}${path.replace(/[?]/g, '\\?')}[^\\s>]*`).exec(text);
  assert.ok(match, `no ${path} link in:\n${text}`);
  return match[0].slice(BASE.length);
}

eachDatabase('subscriptions: double opt-in', (store, kind) => {
  let smtp: TestSmtp;
  const clock = { now: new Date('2026-12-01T10:00:00Z') };
  before(async () => {
    smtp = await startSmtp();
  });
  after(() => smtp.close());

  const send = () =>
    sendRound({
      db: store().db,
      dialect: kind,
      transport: smtp.transport(),
      from: FROM,
      holder: 'test',
      now: () => clock.now,
    });

  it('queues a confirmation, which arrives with a link whose page confirms only by its button', async () => {
    const { app } = appFor(store(), clock);
    const res = await post(app, '/subscriptions', { email: ' Reader@Example.COM ', mode: 'post' });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Check your inbox/);
    assert.equal(await send(), 1);
    const [mail] = await smtp.waitFor(1);
    assert.deepEqual(mail!.to, ['reader@example.com']);
    assert.match(mail!.mail.subject ?? '', /Confirm your subscription/);
    assert.ok(mail!.mail.html, 'an HTML part');
    assert.ok(mail!.mail.messageId?.endsWith('.gloss@blog.test>'));
    const link = linkIn(mail!.mail.text ?? '', '/subscriptions/confirm?token=');

    // A scanner's GET, twice: the page offers a button and nothing changes.
    for (let i = 0; i < 2; i++) {
      const page = await app.request(link);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Confirm my subscription/);
    }
    const row = await store().db.selectFrom('subscribers').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');

    const token = new URL(link, BASE).searchParams.get('token')!;
    const confirmed = await post(app, '/subscriptions/confirm', { token });
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /You are subscribed/);
    const after = await store().db.selectFrom('subscribers').selectAll().executeTakeFirstOrThrow();
    assert.equal(after.status, 'confirmed');
    assert.equal(after.confirmed_at, clock.now.toISOString());
    // A used link says the subscription stands; it confirms nothing twice.
    assert.match(await (await app.request(link)).text(), /You are subscribed/);
  });

  it('answers the same for a new, a pending and a confirmed address', async () => {
    const { app } = appFor(store(), clock);
    const bodies = [];
    for (const email of ['someone-new@example.org', 'reader@example.com']) {
      const res = await post(app, '/subscriptions', { email });
      assert.equal(res.status, 200);
      bodies.push(await res.text());
    }
    assert.equal(bodies[0], bodies[1]);
    // The confirmed reader is sent where to manage the subscription, and nothing about it changes.
    await send();
    const received = await smtp.waitFor(3);
    const reminder = received.find(
      (r) => r.to[0] === 'reader@example.com' && /Your subscription/.test(r.mail.subject ?? ''),
    );
    assert.ok(reminder, 'a reminder to the confirmed reader');
    assert.match(reminder.mail.text ?? '', /\/subscriptions\/manage\?token=/);
    const row = await store()
      .db.selectFrom('subscribers')
      .selectAll()
      .where('email', '=', 'reader@example.com')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'confirmed');
  });

  it('refuses a malformed address and names the problem, keeping what was typed', async () => {
    const { app } = appFor(store(), clock);
    const res = await post(app, '/subscriptions', { email: 'not an address' });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /does not look like an e-mail address/);
    assert.match(html, /value="not an address"/);
  });

  it('lets a confirmation link expire after 48 hours', async () => {
    const { app } = appFor(store(), clock);
    const start = smtp.received.length;
    await post(app, '/subscriptions', { email: 'late@example.net' });
    await send();
    const [mail] = (await smtp.waitFor(start + 1)).slice(start);
    const link = linkIn(mail!.mail.text ?? '', '/subscriptions/confirm?token=');
    const token = new URL(link, BASE).searchParams.get('token')!;
    const saved = clock.now;
    clock.now = new Date(saved.getTime() + 49 * 60 * 60 * 1000);
    try {
      assert.equal((await app.request(link)).status, 410);
      const res = await post(app, '/subscriptions/confirm', { token });
      assert.equal(res.status, 410);
      assert.match(await res.text(), /expired/);
      const row = await store()
        .db.selectFrom('subscribers')
        .selectAll()
        .where('email', '=', 'late@example.net')
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
    } finally {
      clock.now = saved;
    }
  });

  it('sends one address at most three sign-up mails a day, answering each sign-up the same', async () => {
    const { app } = appFor(store(), clock);
    const email = 'flooded@example.com';
    clock.now = new Date(clock.now.getTime() + 2 * 60 * 60 * 1000); // a fresh hour for the client's limit
    for (let i = 0; i < 6; i++) assert.equal((await post(app, '/subscriptions', { email })).status, 200);
    const queued = await store()
      .db.selectFrom('mail_queue')
      .select('id')
      .where('to_address', '=', email)
      .execute();
    assert.equal(queued.length, 3);
  });

  it('limits sign-ups per client, saying when to come back', async () => {
    const { app } = appFor(store(), clock);
    let last: Response | undefined;
    for (let i = 0; i < 12; i++) last = await post(app, '/subscriptions', { email: `c${i}@example.com` });
    assert.equal(last!.status, 429);
    assert.ok(Number(last!.headers.get('retry-after')) > 0);
    assert.match(await last!.text(), /Try again in \d+ minutes/);
  });

  it('unsubscribes in one click by POST, without session or CSRF token; a GET only shows a button', async () => {
    const { app } = appFor(store(), clock);
    const row = await store()
      .db.selectFrom('subscribers')
      .selectAll()
      .where('email', '=', 'reader@example.com')
      .executeTakeFirstOrThrow();
    const get = await app.request(`/subscriptions/unsubscribe?token=${row.token}`);
    assert.match(await get.text(), /<button type="submit">Unsubscribe<\/button>/);
    const still = await store()
      .db.selectFrom('subscribers')
      .select('status')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(still.status, 'confirmed');
    const res = await post(app, `/subscriptions/unsubscribe?token=${row.token}`, {
      'List-Unsubscribe': 'One-Click',
    });
    assert.equal(res.status, 200);
    const gone = await store()
      .db.selectFrom('subscribers')
      .select('status')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(gone.status, 'unsubscribed');
    const bad = await post(app, '/subscriptions/unsubscribe?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {
      'List-Unsubscribe': 'One-Click',
    });
    assert.equal(bad.status, 404);
  });
});
