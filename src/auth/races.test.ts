// Check-then-act races, sent in parallel as an attacker would: the sign-in limit, the one-time
// setup link and the duplicate-comment check must each hold under 100 simultaneous requests.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ORIGIN, PASSWORD } from '../../test/helpers/admin.ts';
import { commentApp, formToken, fromAddress, sendComment } from '../../test/helpers/comments.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import type { Store } from '../storage/db.ts';
import { issueSetupToken } from './setup-token.ts';
import { SIGN_IN_RULES } from './throttle.ts';
import { createUser } from './users.ts';

type App = ReturnType<typeof createApp>['app'];

/** A visitor's pre-session cookie and the form's token on a public admin page. */
async function formOf(app: App, path: string) {
  const res = await app.request(`${ORIGIN}${path}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  const cookie = (res.headers.getSetCookie().find((l) => l.startsWith('gloss_pre=')) ?? '').split(';')[0]!;
  return { token, cookie };
}

eachDatabase('parallel races', (getStore) => {
  let store: Store;
  let app: App;
  before(() => {
    store = getStore();
    ({ app } = createApp({ store, config: loadConfig({}, process.cwd()) }));
  });

  it('creates exactly one owner from four simultaneous uses of the setup link', async () => {
    const token = await issueSetupToken(store.db);
    assert.ok(token);
    const path = `/admin/setup?token=${token}`;
    const pre = await formOf(app, path);
    const answers = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        app.request(`${ORIGIN}${path}`, {
          method: 'POST',
          headers: { origin: ORIGIN, cookie: pre.cookie },
          body: new URLSearchParams({
            _csrf: pre.token,
            name: `Owner ${i}`,
            email: `owner${i}@example.org`,
            password: PASSWORD,
            password2: PASSWORD,
          }),
        }),
      ),
    );
    assert.deepEqual(answers.map((r) => r.status).sort(), [303, 404, 404, 404]);
    const owners = await store.db.selectFrom('users').select('id').where('role', '=', 'owner').execute();
    assert.equal(owners.length, 1);
  });

  it('checks at most 5 of 100 parallel wrong passwords against one account', async () => {
    await createUser(store.db, {
      email: 'victim@example.org',
      name: 'Victim',
      role: 'author',
      password: PASSWORD,
    });
    const pre = await formOf(app, '/admin/login');
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        app.request(`${ORIGIN}/admin/login`, {
          method: 'POST',
          headers: { origin: ORIGIN, cookie: pre.cookie },
          body: new URLSearchParams({
            _csrf: pre.token,
            email: 'victim@example.org',
            password: `guess ${i}`,
          }),
        }),
      ),
    );
    const verified = answers.filter((r) => r.status === 401).length;
    const refused = answers.filter((r) => r.status === 429).length;
    assert.ok(verified <= SIGN_IN_RULES.account.max, `${verified} guesses were checked`);
    assert.equal(verified + refused, 100);
    assert.ok(answers.filter((r) => r.status === 429).every((r) => Number(r.headers.get('retry-after')) > 0));
    // Even the right password waits now.
    const right = await app.request(`${ORIGIN}/admin/login`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: pre.cookie },
      body: new URLSearchParams({ _csrf: pre.token, email: 'victim@example.org', password: PASSWORD }),
    });
    assert.equal(right.status, 429);
  });

  it('counts sign-in attempts from one IPv6 /64 together, whichever address in it they use', async () => {
    const pre = await formOf(app, '/admin/login');
    const attempt = (email: string, address: string) =>
      app.request(
        `${ORIGIN}/admin/login`,
        {
          method: 'POST',
          headers: { origin: ORIGIN, cookie: pre.cookie },
          body: new URLSearchParams({ _csrf: pre.token, email, password: 'wrong' }),
        },
        fromAddress(address),
      );
    for (let i = 0; i < SIGN_IN_RULES.address.max; i++) {
      const res = await attempt(`spray${i}@example.org`, `2001:db8:1:2::${(i + 1).toString(16)}`);
      assert.equal(res.status, 401);
    }
    assert.equal((await attempt('fresh@example.org', '2001:db8:1:2:ffff::9')).status, 429);
    assert.equal(
      (await attempt('fresh@example.org', '2001:db8:1:3::1')).status,
      401,
      'another /64 is not blocked',
    );
  });

  it('stores one comment from 8 parallel identical sends (the address limit is 10)', async () => {
    const blog = commentApp(store);
    const post = await createPost(store.db, { title: 'Race', bodyHtml: '<p>x</p>' }, 'UTC');
    const token = await formToken(blog.app, post.path);
    blog.wait(30);
    const body = 'The very same text, sent eight times at once by an impatient reader.';
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => sendComment(blog.app, post.id, { token, author: 'Dara', body })),
    );
    assert.ok(
      answers.every((r) => r.status === 303 || r.status === 200),
      answers.map((r) => r.status).join(' '),
    );
    const stored = await store.db
      .selectFrom('comments')
      .select('status')
      .where('post_id', '=', post.id)
      .execute();
    assert.deepEqual(
      stored.map((c) => c.status),
      ['approved'],
    );
  });
});
