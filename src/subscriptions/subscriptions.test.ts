import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { startSmtp, type TestSmtp } from '../../test/helpers/smtp.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import type { Store } from '../storage/db.ts';
import type { MailContext } from './compose.ts';
import { latestDigestInstant, queueDigests, queueNewPosts } from './publish.ts';
import { sendRound } from './sender.ts';

const BASE = 'http://blog.test';
const FROM = 'Gloss test <blog@blog.test>';

function appFor(store: Store, clock: { now: Date }) {
  const config = {
    ...loadConfig({}, process.cwd()),
    baseUrl: BASE,
    smtp: { host: '127.0.0.1', port: 25, user: null, password: null, from: FROM, secure: false },
    mailWebhookSecret: 'hook-secret-123',
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

eachDatabase('subscriptions: bounce and complaint webhook', (store) => {
  const clock = { now: new Date('2026-12-01T10:00:00Z') };
  const hook = (body: string, type: string, secret = 'hook-secret-123') =>
    appFor(store(), clock).app.request('/subscriptions/webhooks/bounces', {
      method: 'POST',
      body,
      headers: { 'content-type': type, authorization: `Bearer ${secret}` },
    });

  it('refuses a wrong secret and a body it cannot read, naming the problem', async () => {
    assert.equal((await hook('[]', 'application/json', 'wrong-secret-12')).status, 401);
    const bad = await hook('{"email": "x@example.com"}', 'application/json');
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /needs "email" and "type"/);
  });

  it('suppresses complaints and permanent DSN failures; a delay changes nothing', async () => {
    const db = store().db;
    await confirmedReader(db, 'angry@example.com', clock.now);
    const res = await hook('[{"email": "Angry@example.com", "type": "complaint"}]', 'application/json');
    assert.deepEqual(await res.json(), { suppressed: 1, ignored: 0 });
    const dsn = [
      'Reporting-MTA: dns; mx.example.net',
      '',
      'Final-Recipient: rfc822; gone@example.net',
      'Action: failed',
      'Status: 5.1.1',
      '',
      'Final-Recipient: rfc822; slow@example.net',
      'Action: delayed',
      'Status: 4.4.1',
    ].join('\r\n');
    const report = await hook(dsn, 'message/delivery-status');
    assert.deepEqual(await report.json(), { suppressed: 1, ignored: 1 });
    const rows = await db
      .selectFrom('mail_suppressions')
      .select(['email', 'reason'])
      .orderBy('email')
      .execute();
    assert.deepEqual(rows, [
      { email: 'angry@example.com', reason: 'complaint' },
      { email: 'gone@example.net', reason: 'bounce' },
    ]);
  });
});

async function confirmedReader(
  db: Store['db'],
  email: string,
  at: Date,
  choices: { mode?: 'post' | 'digest'; labels?: string[] } = {},
) {
  return db
    .insertInto('subscribers')
    .values({
      email,
      status: 'confirmed',
      mode: choices.mode ?? 'post',
      labels: JSON.stringify(choices.labels ?? []),
      token: randomBytes(24).toString('base64url'),
      confirm_hash: null,
      confirm_expires_at: null,
      source: 'form',
      consent: null,
      created_at: at.toISOString(),
      confirmed_at: at.toISOString(),
      unsubscribed_at: null,
      digest_through: at.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A header of a raw message, unfolded, by case-insensitive name. */
function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  assert.ok(line, `no ${name} header`);
  return line.slice(name.length + 1).trim();
}

const ctxAt = (now: Date): MailContext => ({ blogTitle: 'Clippings', baseUrl: BASE, from: FROM, now });

eachDatabase('subscriptions: sending', (store, kind) => {
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp({
      recipient: (address) =>
        address.startsWith('gone@')
          ? { code: 550, message: '5.1.1 No such mailbox' }
          : address.startsWith('busy@')
            ? { code: 451, message: '4.2.0 Try later' }
            : null,
    });
  });
  after(() => smtp.close());
  const send = (now: Date) =>
    sendRound({
      db: store().db,
      dialect: kind,
      transport: smtp.transport(),
      from: FROM,
      holder: 'test',
      now: () => now,
    });

  it('mails each new post once, with its source, absolute images and the big senders’ headers', async () => {
    const db = store().db;
    const t0 = new Date('2026-12-01T08:00:00Z');
    const all = await confirmedReader(db, 'all@example.com', t0);
    await confirmedReader(db, 'cats@example.com', t0, { labels: ['Cats'] });
    const t1 = new Date('2026-12-01T09:00:00Z');
    const dogs = await createPost(
      db,
      {
        title: 'Dogs at sea',
        bodyHtml:
          '<p>A dog swam.</p><p><img src="/media/dog.jpg" alt="a dog"></p><aside class="editor-note"><p>Seen twice.</p></aside>',
        labels: ['Dogs'],
        publishedAt: t1.toISOString(),
        source: {
          title: 'Sea dogs',
          outlet: 'The Harbour News',
          url: 'https://news.example/sea-dogs',
          authors: ['Ann Lee'],
        },
      },
      'UTC',
      { now: t1 },
    );
    assert.equal(await queueNewPosts(db, ctxAt(t1)), 1);
    assert.equal(await queueNewPosts(db, ctxAt(t1)), 0, 'a post is queued once');
    await createPost(
      db,
      { title: 'Cats at home', bodyHtml: '<p>Purr.</p>', labels: ['Cats'], publishedAt: t1.toISOString() },
      'UTC',
      { now: t1 },
    );
    assert.equal(await queueNewPosts(db, ctxAt(t1)), 2);
    const before = smtp.received.length;
    assert.equal(await send(t1), 3);
    const got = (await smtp.waitFor(before + 3)).slice(before);
    const mail = got.find(
      (r) => r.to[0] === 'all@example.com' && r.mail.subject === '[Clippings] Dogs at sea',
    )!;
    assert.ok(mail, 'the dog post to the reader of every post');
    assert.ok(
      !got.some((r) => r.to[0] === 'cats@example.com' && /Dogs/.test(r.mail.subject ?? '')),
      'no dogs for the cat reader',
    );
    const listUnsubscribe = headerOf(mail.raw, 'List-Unsubscribe');
    assert.match(listUnsubscribe, new RegExp(`<${BASE}/subscriptions/unsubscribe\\?token=${all.token}>`));
    assert.match(listUnsubscribe, /<mailto:blog@blog\.test\?subject=unsubscribe/);
    assert.equal(headerOf(mail.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.equal(headerOf(mail.raw, 'List-Id'), 'Clippings <posts.blog.test>');
    const row = await db
      .selectFrom('mail_queue')
      .select('message_id')
      .where('dedupe_key', '=', `post:${dogs.id}:${all.id}`)
      .executeTakeFirstOrThrow();
    assert.equal(mail.mail.messageId, row.message_id);
    assert.match(mail.mail.text ?? '', /Dogs at sea\nhttp:\/\/blog\.test\/2026\/12\/dogs-at-sea\.html/);
    assert.match(mail.mail.text ?? '', /Clipped from The Harbour News/);
    assert.match(mail.mail.text ?? '', /Seen twice/);
    assert.match(String(mail.mail.html), /src="http:\/\/blog\.test\/media\/dog\.jpg"/);
    assert.match(String(mail.mail.html), /Editor's note:/);

    // The one-click link from the header, as a mail client POSTs it: then nothing more comes.
    const { app } = createApp({
      store: store(),
      config: { ...loadConfig({}, process.cwd()), baseUrl: BASE },
      now: () => t1,
    });
    const url = /<(http[^>]+)>/.exec(listUnsubscribe)![1]!;
    const res = await app.request(url.slice(BASE.length), {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 200);
    const t2 = new Date('2026-12-01T10:00:00Z');
    await createPost(
      db,
      { title: 'More dogs', bodyHtml: '<p>Woof.</p>', publishedAt: t2.toISOString() },
      'UTC',
      { now: t2 },
    );
    assert.equal(
      await queueNewPosts(db, ctxAt(t2)),
      0,
      'the unsubscribed reader gets nothing, the cat reader no dogs',
    );
  });

  it('sends digest readers one mail of the day’s posts at the digest hour in the blog’s zone', async () => {
    const db = store().db;
    const zone = 'Asia/Phnom_Penh'; // UTC+7
    const t0 = new Date('2026-12-02T00:30:00Z');
    await confirmedReader(db, 'digest@example.com', t0, { mode: 'digest' });
    for (const [title, at] of [
      ['Morning clip', '2026-12-02T01:00:00Z'],
      ['Noon clip', '2026-12-02T05:00:00Z'],
      ['Tomorrow clip', '2026-12-03T01:00:00Z'],
    ] as const) {
      await createPost(db, { title, bodyHtml: `<p>${title}.</p>`, publishedAt: at }, zone, {
        now: new Date(at),
      });
    }
    // 07:00 in Phnom Penh on 3 December is 00:00 UTC.
    assert.deepEqual(latestDigestInstant(new Date('2026-12-03T00:10:00Z'), zone, 7), {
      at: new Date('2026-12-03T00:00:00Z'),
      day: '2026-12-03',
    });
    assert.equal(latestDigestInstant(new Date('2026-12-02T23:59:00Z'), zone, 7).day, '2026-12-02');
    const now = new Date('2026-12-03T00:10:00Z');
    assert.equal(await queueDigests(db, ctxAt(now), zone, 7), 1);
    assert.equal(await queueDigests(db, ctxAt(now), zone, 7), 0, 'one digest a day');
    const before = smtp.received.length;
    await send(now);
    const [digest] = (await smtp.waitFor(before + 1))
      .slice(before)
      .filter((r) => r.to[0] === 'digest@example.com');
    assert.equal(digest!.mail.subject, '[Clippings] 2 new posts (2026-12-03)');
    assert.match(digest!.mail.text ?? '', /Morning clip[\s\S]*Noon clip/);
    assert.doesNotMatch(digest!.mail.text ?? '', /Tomorrow clip/);
    assert.equal(headerOf(digest!.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  });

  it('suppresses an address the server refuses for good, and backs off from one it defers', async () => {
    const db = store().db;
    const now = new Date('2026-12-04T10:00:00Z');
    const gone = await confirmedReader(db, 'gone@example.com', now);
    const busy = await confirmedReader(db, 'busy@example.com', now);
    const post = await createPost(
      db,
      { title: 'Bounce test', bodyHtml: '<p>x</p>', labels: ['Bounce'], publishedAt: now.toISOString() },
      'UTC',
      { now },
    );
    await db
      .updateTable('subscribers')
      .set({ labels: '["Bounce"]' })
      .where('id', 'in', [gone.id, busy.id])
      .execute();
    await db
      .updateTable('subscribers')
      .set({ labels: '["Nothing"]' })
      .where('id', 'not in', [gone.id, busy.id])
      .execute();
    assert.equal(await queueNewPosts(db, ctxAt(now)), 2);
    await send(now);
    const rows = await db
      .selectFrom('mail_queue')
      .selectAll()
      .where('dedupe_key', 'like', `post:${post.id}:%`)
      .orderBy('subscriber_id')
      .execute();
    const byReader = new Map(rows.map((r) => [r.subscriber_id, r]));
    assert.equal(byReader.get(gone.id)!.status, 'failed');
    assert.match(byReader.get(gone.id)!.error ?? '', /No such mailbox/);
    const suppression = await db
      .selectFrom('mail_suppressions')
      .selectAll()
      .where('email', '=', 'gone@example.com')
      .executeTakeFirstOrThrow();
    assert.equal(suppression.reason, 'rejected');
    const deferred = byReader.get(busy.id)!;
    assert.equal(deferred.status, 'waiting');
    assert.equal(deferred.attempts, 1);
    assert.equal(deferred.next_attempt_at, new Date(now.getTime() + 5 * 60 * 1000).toISOString());
    // Not due yet: nothing is claimed; after five deferrals the address is suppressed too.
    assert.equal(await send(now), 0);
    let at = now;
    for (let attempt = 1; attempt < 5; attempt++) {
      at = new Date(at.getTime() + 5 * 60 * 1000 * 2 ** (attempt - 1));
      assert.equal(await send(at), 1);
    }
    const last = await db
      .selectFrom('mail_queue')
      .selectAll()
      .where('id', '=', deferred.id)
      .executeTakeFirstOrThrow();
    assert.equal(last.status, 'failed');
    assert.equal(last.attempts, 5);
    assert.ok(
      await db
        .selectFrom('mail_suppressions')
        .select('reason')
        .where('email', '=', 'busy@example.com')
        .executeTakeFirst(),
    );
  });
});

it('reads GLOSS_SMTP_URL, decoding the credentials, and names a wrong one without its password', () => {
  const smtp = loadConfig({
    GLOSS_SMTP_URL: 'smtps://me%40example.org:p%3Ass@smtp.example.org',
    SMTP_FROM: FROM,
  }).smtp;
  assert.deepEqual(smtp, {
    host: 'smtp.example.org',
    port: 465,
    user: 'me@example.org',
    password: 'p:ss',
    from: FROM,
    secure: true,
  });
  assert.equal(loadConfig({ GLOSS_SMTP_URL: 'smtp://127.0.0.1:25' }).smtp?.secure, false);
  assert.throws(
    () => loadConfig({ GLOSS_SMTP_URL: 'http://u:secretpass@mail.example.org' }),
    (err: Error) =>
      /must start with smtp:\/\/ or smtps:\/\//.test(err.message) && !err.message.includes('secretpass'),
  );
});
