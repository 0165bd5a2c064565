import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { form, ORIGIN, signedInAs } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { headerOf, startSmtp } from '../../test/helpers/smtp.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import { parseCsv } from '../subscriptions/roster.ts';
import { suppressAddress } from '../subscriptions/suppressions.ts';

const FEEDBURNER = `Email,Subscription Date,Status
ann@example.com,2019-03-01 10:00,Active
bob@example.com,2020-05-02 11:00,Pending Verification
not-an-address,2020-05-02 11:00,Active
ANN@example.com,2021-01-01 00:00,Active
"cy@example.com","2021-02-03 04:05","Active"
`;

eachDatabase('admin: subscribers', (store) => {
  const appFor = () =>
    createApp({ store: store(), config: { ...loadConfig({}, process.cwd()), baseUrl: ORIGIN } }).app;

  it('imports a FeedBurner CSV, confirming only the rows it says were, and reports bad rows by line', async () => {
    const app = appFor();
    const owner = await signedInAs(store(), 'owner');
    const body = new FormData();
    body.set('_csrf', owner.csrf);
    body.set('file', new File([FEEDBURNER], 'feedburner.csv', { type: 'text/csv' }));
    const res = await app.request(`${ORIGIN}/admin/subscribers/import`, {
      method: 'POST',
      body,
      headers: owner.headers,
    });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /3 added \(2 confirmed\), 0 already there/);
    assert.match(html, /Line 4: &quot;not-an-address&quot; is not an e-mail address/);
    assert.match(html, /Line 5: ann@example.com appears twice/);
    const rows = await store()
      .db.selectFrom('subscribers')
      .select(['email', 'status', 'created_at'])
      .orderBy('email')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.email, r.status]),
      [
        ['ann@example.com', 'confirmed'],
        ['bob@example.com', 'pending'],
        ['cy@example.com', 'confirmed'],
      ],
    );
    assert.equal(
      await store().db.selectFrom('mail_queue').select('id').executeTakeFirst(),
      undefined,
      'an import mails nobody',
    );
  });

  it('lists, searches and counts, exports CSV that imports back, and removes', async () => {
    const app = appFor();
    const owner = await signedInAs(store(), 'owner');
    const page = await (
      await app.request(`${ORIGIN}/admin/subscribers?q=ann`, { headers: owner.headers })
    ).text();
    assert.match(page, /ann@example.com/);
    assert.doesNotMatch(page, /bob@example.com/);
    assert.match(page, /<dt>Confirmed<\/dt>\s*<dd>2<\/dd>/);
    const csv = await (
      await app.request(`${ORIGIN}/admin/subscribers/export.csv`, { headers: owner.headers })
    ).text();
    const records = parseCsv(csv.trim());
    assert.deepEqual(records[0]!.fields.slice(0, 3), ['email', 'status', 'mode']);
    assert.deepEqual(
      records
        .slice(1)
        .map((r) => [r.fields[0], r.fields[1]])
        .sort(),
      [
        ['ann@example.com', 'confirmed'],
        ['bob@example.com', 'pending'],
        ['cy@example.com', 'confirmed'],
      ],
    );
    const bob = await store()
      .db.selectFrom('subscribers')
      .select('id')
      .where('email', '=', 'bob@example.com')
      .executeTakeFirstOrThrow();
    const res = await app.request(`${ORIGIN}/admin/subscribers/${bob.id}/remove`, {
      method: 'POST',
      body: form(owner),
      headers: owner.headers,
    });
    assert.equal(res.status, 303);
    assert.equal(
      await store().db.selectFrom('subscribers').select('id').where('id', '=', bob.id).executeTakeFirst(),
      undefined,
    );
  });

  it('lists the suppressed addresses with why, newest first', async () => {
    await suppressAddress(
      store().db,
      'Gone@Example.com',
      'rejected',
      '550 5.1.1 No such mailbox',
      new Date('2026-12-01T10:00:00Z'),
    );
    await suppressAddress(
      store().db,
      'angry@example.com',
      'complaint',
      null,
      new Date('2026-12-02T10:00:00Z'),
    );
    const owner = await signedInAs(store(), 'owner');
    const html = await (
      await appFor().request(`${ORIGIN}/admin/subscribers`, { headers: owner.headers })
    ).text();
    assert.match(html, /Suppressed addresses \(2\)/);
    const rows = [...html.matchAll(/<tr><td>([^<]+)<\/td><td[^>]*>([^<]+)<\/td>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(
      rows.filter(([email]) => /gone|angry/.test(email!)),
      [
        ['angry@example.com', 'marked as spam'],
        ['gone@example.com', 'refused for good by the receiving server'],
      ],
    );
  });

  it('is closed to authors', async () => {
    const author = await signedInAs(store(), 'author');
    const res = await appFor().request(`${ORIGIN}/admin/subscribers`, { headers: author.headers });
    assert.equal(res.status, 403);
  });

  it('saves the sending settings and names a wrong one', async () => {
    const app = appFor();
    const owner = await signedInAs(store(), 'owner');
    const fields = {
      digestHour: '6',
      ratePerSecond: '5',
      concurrency: '2',
      limitPerClient: '10',
      limitPerEmail: '3',
    };
    const bad = await app.request(`${ORIGIN}/admin/subscribers/settings`, {
      method: 'POST',
      body: form(owner, { ...fields, digestHour: '24' }),
      headers: owner.headers,
    });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /The digest hour must be a whole number from 0 to 23, not &quot;24&quot;/);
    const ok = await app.request(`${ORIGIN}/admin/subscribers/settings`, {
      method: 'POST',
      body: form(owner, fields),
      headers: owner.headers,
    });
    assert.equal(ok.status, 303);
    const page = await (await app.request(`${ORIGIN}/admin/subscribers`, { headers: owner.headers })).text();
    assert.match(page, /name="digestHour" value="6"/);
    assert.match(page, /0–23, in the blog’s time zone \(UTC\)/, 'the digest hour names the zone it is in');
  });
});

eachDatabase('admin: a test send to the signed-in editor', (store) => {
  const refused = new Set<string>();
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => {
    smtp = await startSmtp({
      recipient: (address) =>
        refused.has(address) ? { code: 550, message: '5.1.1 Mailbox unavailable' } : null,
    });
  });
  after(() => smtp.close());
  const appFor = (port = smtp.port) =>
    createApp({
      store: store(),
      config: {
        ...loadConfig({}, process.cwd()),
        baseUrl: ORIGIN,
        smtp: {
          host: '127.0.0.1',
          port,
          user: null,
          password: null,
          from: 'Desk <desk@blog.test>',
          secure: false,
        },
      },
    }).app;
  const testSend = (
    app: ReturnType<typeof appFor>,
    who: Awaited<ReturnType<typeof signedInAs>>,
    csrf = true,
  ) =>
    app.request(`${ORIGIN}/admin/subscribers/test-send`, {
      method: 'POST',
      body: form(csrf ? who : null),
      headers: { ...who.headers, 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('says there is nothing to send before the first post, and sends nothing without the CSRF token', async () => {
    const owner = await signedInAs(store(), 'owner', 'first-owner@example.org');
    const none = await testSend(appFor(), owner);
    assert.equal(none.status, 400);
    assert.match(await none.text(), /Not sent\. There is no published post yet to send as a sample\./);
    const forged = await testSend(appFor(), owner, false);
    assert.equal(forged.status, 403);
    assert.equal(smtp.received.length, 0);
  });

  it('sends the latest post’s mail to the editor through the SMTP server and says so', async () => {
    const db = store().db;
    await createPost(
      db,
      { title: 'Older post', bodyHtml: '<p>Old.</p>', publishedAt: '2026-11-01T08:00:00Z' },
      'UTC',
    );
    const latest = await createPost(
      db,
      {
        title: 'Latest post',
        bodyHtml: '<p>Fresh <img src="/media/a.jpg" alt="a"></p>',
        publishedAt: '2026-11-02T08:00:00Z',
      },
      'UTC',
    );
    const owner = await signedInAs(store(), 'owner', 'Editor@Example.org');
    const page = await (
      await appFor().request(`${ORIGIN}/admin/subscribers`, { headers: owner.headers })
    ).text();
    assert.match(page, /Send a test mail to me/);
    const res = await testSend(appFor(), owner);
    assert.equal(res.status, 200);
    assert.match(
      await res.text(),
      /Sent: the SMTP server accepted the mail of “Latest post” for editor@example\.org/,
    );
    const [mail] = await smtp.waitFor(1);
    assert.deepEqual(mail!.to, ['editor@example.org']);
    assert.equal(mail!.mail.subject, '[Gloss] Latest post (test send)');
    assert.match(mail!.mail.text ?? '', /This is a test send from the editor's desk/);
    assert.match(mail!.mail.html || '', /<img src="http:\/\/blog\.test\/media\/a\.jpg"/);
    assert.equal(headerOf(mail!.raw, 'List-Id'), 'Gloss <posts.blog.test>');
    assert.ok(mail!.mail.messageId?.endsWith('.gloss@blog.test>'));
    const link = new RegExp(`${ORIGIN}(${latest.path})`).exec(mail!.mail.text ?? '')?.[1];
    assert.equal(link, latest.path);
    assert.equal((await appFor().request(`${ORIGIN}${link}`)).status, 200);
  });

  it('reports a refusing server and an unreachable one in words, and keeps serving', async () => {
    const owner = await signedInAs(store(), 'owner', 'refused@example.org');
    refused.add('refused@example.org');
    const res = await testSend(appFor(), owner);
    assert.equal(res.status, 502);
    assert.match(
      await res.text(),
      /Not sent\. The SMTP server 127\.0\.0\.1:\d+ refused the mail \(SMTP 550 after RCPT TO\): 550 5\.1\.1 Mailbox unavailable/,
    );

    const closed = await startSmtp();
    const port = closed.port;
    await closed.close();
    const down = await testSend(appFor(port), owner);
    assert.equal(down.status, 502);
    assert.match(
      await down.text(),
      new RegExp(`Could not connect to the SMTP server 127\\.0\\.0\\.1:${port}: the connection was refused`),
    );
    const page = await appFor(port).request(`${ORIGIN}/admin/subscribers`, { headers: owner.headers });
    assert.equal(page.status, 200);
  });
});
