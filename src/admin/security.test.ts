// The admin's gate, tested through the app: every route needs a session, every state-changing
// route a CSRF token and our Origin; sign-in rotates sessions and is throttled; roles hold.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { form, ORIGIN, PASSWORD, type SignedIn, sessionFor, signedInAs } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { findSession } from '../auth/sessions.ts';
import { issueSetupToken } from '../auth/setup-token.ts';
import { createUser, findByEmail } from '../auth/users.ts';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import type { Store } from '../storage/db.ts';

type App = ReturnType<typeof createApp>['app'];

/** Routes reachable without a session, by design. */
const PUBLIC = new Set(['/admin/login', '/admin/setup', '/admin/invite/:token']);

function adminRoutes(app: App) {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.path.startsWith('/admin') && r.method !== 'ALL')
    .filter((r) => {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((r) => ({
      method: r.method,
      template: r.path,
      path: r.path.replace(/:id(\{[^}]*\})?/g, '1').replace(/:([a-z]+)(\{[^}]*\})?/gi, 'x'),
    }));
}

function cookieFrom(res: Response, name: string): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    if (pair!.startsWith(`${name}=`)) return pair;
  }
  return undefined;
}

/** A visitor's pre-session cookie and the sign-in form's token. */
async function loginForm(app: App, path = '/admin/login') {
  const res = await app.request(`${ORIGIN}${path}`);
  const html = await res.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  return { cookie: cookieFrom(res, 'gloss_pre')!, token: token!, html, status: res.status };
}

async function signIn(
  app: App,
  email: string,
  password: string,
  extra: Record<string, string> = {},
  cookie = '',
) {
  const pre = await loginForm(app);
  return app.request(`${ORIGIN}/admin/login`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: [pre.cookie, cookie].filter(Boolean).join('; ') },
    body: new URLSearchParams({ _csrf: pre.token, email, password, ...extra }),
  });
}

eachDatabase('admin security', (getStore) => {
  let store: Store;
  let app: App;
  let owner: SignedIn;
  const logged: string[] = [];
  const originals = { log: console.log, error: console.error, warn: console.warn, info: console.info };

  before(async () => {
    store = getStore();
    ({ app } = createApp({ store, config: loadConfig({}, process.cwd()) }));
    owner = await signedInAs(store, 'owner', 'owner@example.org');
    for (const name of ['log', 'error', 'warn', 'info'] as const) {
      console[name] = (...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
        originals[name](...args);
      };
    }
  });
  after(() => Object.assign(console, originals));

  it('walks every admin route without a session: sign-in redirect, 401 or 403', async () => {
    const routes = adminRoutes(app);
    assert.ok(routes.length >= 30, `only ${routes.length} admin routes found`);
    for (const route of routes) {
      if (PUBLIC.has(route.template)) continue;
      for (const origin of [undefined, ORIGIN]) {
        const res = await app.request(`${ORIGIN}${route.path}`, {
          method: route.method,
          headers: origin ? { origin } : {},
          body: route.method === 'GET' ? undefined : new URLSearchParams({ title: 'x' }),
        });
        const where = `${route.method} ${route.path}${origin ? ' (same origin)' : ''}`;
        if (route.method === 'GET') {
          assert.equal(res.status, 302, where);
          assert.match(res.headers.get('location') ?? '', /^\/admin\/login(\?next=|$)/, where);
        } else {
          assert.ok([401, 403].includes(res.status), `${where} answered ${res.status}`);
        }
      }
    }
    // The public ones: a page, or "this link no longer works", never an admin page.
    assert.equal((await app.request(`${ORIGIN}/admin/login`)).status, 200);
    assert.equal((await app.request(`${ORIGIN}/admin/setup?token=nope`)).status, 404);
    assert.equal((await app.request(`${ORIGIN}/admin/invite/nope`)).status, 404);
  });

  it('refuses every state-changing route without a valid token or from another origin', async () => {
    const unsafe = adminRoutes(app).filter((r) => r.method !== 'GET');
    assert.ok(unsafe.length >= 20);
    for (const route of unsafe) {
      const cases: [string, Record<string, string>, URLSearchParams][] = [
        ['no token', { cookie: owner.cookie, origin: ORIGIN }, form(null, { title: 'x' })],
        [
          'a wrong token',
          { cookie: owner.cookie, origin: ORIGIN },
          new URLSearchParams({ _csrf: 'x'.repeat(43) }),
        ],
        ['another origin', { cookie: owner.cookie, origin: 'https://evil.example' }, form(owner)],
        ['another referer', { cookie: owner.cookie, referer: 'https://evil.example/admin' }, form(owner)],
        ['neither origin nor referer', { cookie: owner.cookie }, form(owner)],
        ['origin null', { cookie: owner.cookie, origin: 'null' }, form(owner)],
      ];
      for (const [why, headers, body] of cases) {
        const res = await app.request(`${ORIGIN}${route.path}`, { method: route.method, headers, body });
        assert.equal(res.status, 403, `${route.method} ${route.path} with ${why}: ${res.status}`);
      }
    }
    // Another session's token is not this session's.
    const other = await sessionFor(store, owner.user);
    const res = await app.request(`${ORIGIN}/admin/account/sign-out-others`, {
      method: 'POST',
      headers: owner.headers,
      body: form(other),
    });
    assert.equal(res.status, 403);
    // A same-origin Referer stands in for a missing Origin; the header token stands in for the field.
    const ok = await app.request(`${ORIGIN}/admin/settings`, {
      method: 'GET',
      headers: { cookie: owner.cookie },
    });
    assert.equal(ok.status, 200);
    const viaHeader = await app.request(`${ORIGIN}/admin/posts/preview`, {
      method: 'POST',
      headers: { cookie: owner.cookie, referer: `${ORIGIN}/admin/posts/new`, 'x-csrf-token': owner.csrf },
      body: new URLSearchParams({ body: '[a note]', format: 'markdown', kind: 'post' }),
    });
    assert.equal(viaHeader.status, 200);
    assert.match((await viaHeader.json()).html, /editor-note/);
  });

  it('signs in with cookies that are HttpOnly, SameSite=Lax, for the whole site, Secure over HTTPS', async () => {
    const res = await signIn(app, 'OWNER@example.org', PASSWORD, { next: '/admin/posts?status=draft' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/posts?status=draft');
    const line = res.headers.getSetCookie().find((l) => l.startsWith('gloss_session='))!;
    assert.match(line, /HttpOnly/);
    assert.match(line, /SameSite=Lax/);
    // Path=/: public pages see the session (staff comment as themselves; pages for them skip the cache).
    assert.match(line, /Path=\/(;|$)/);
    assert.doesNotMatch(line, /Secure/);
    // Served over HTTPS (a proxy's public address), the cookie is Secure.
    const { app: httpsApp } = createApp({
      store,
      config: loadConfig({ GLOSS_BASE_URL: 'https://blog.example' }, process.cwd()),
    });
    const pre = await loginForm(httpsApp);
    const secure = await httpsApp.request(`${ORIGIN}/admin/login`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: pre.cookie },
      body: new URLSearchParams({ _csrf: pre.token, email: 'owner@example.org', password: PASSWORD }),
    });
    assert.match(secure.headers.getSetCookie().find((l) => l.startsWith('gloss_session='))!, /; Secure/);
    // An open redirect is not possible through next.
    const away = await signIn(app, 'owner@example.org', PASSWORD, { next: '//evil.example/admin' });
    assert.equal(away.headers.get('location'), '/admin');
  });

  it('refuses a forged sign-in form', async () => {
    const pre = await loginForm(app);
    const noToken = await app.request(`${ORIGIN}/admin/login`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: pre.cookie },
      body: new URLSearchParams({ email: 'owner@example.org', password: PASSWORD }),
    });
    assert.equal(noToken.status, 403);
    const otherVisitor = await loginForm(app);
    const stolenToken = await app.request(`${ORIGIN}/admin/login`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: pre.cookie },
      body: new URLSearchParams({
        _csrf: otherVisitor.token,
        email: 'owner@example.org',
        password: PASSWORD,
      }),
    });
    assert.equal(stolenToken.status, 403);
  });

  it('rotates the session at sign-in and signs out everywhere', async () => {
    const user = await createUser(store.db, {
      email: 'rotate@example.org',
      name: 'R',
      role: 'author',
      password: PASSWORD,
    });
    const before = await sessionFor(store, user);
    const res = await signIn(app, 'rotate@example.org', PASSWORD, {}, before.cookie);
    assert.equal(res.status, 303);
    const after = cookieFrom(res, 'gloss_session')!;
    assert.notEqual(after, before.cookie);
    assert.equal(
      await findSession(store.db, before.cookie.split('=')[1]),
      undefined,
      'the old token is dead',
    );
    const token = after.split('=')[1]!;
    assert.ok(await findSession(store.db, token));
    const elsewhere = await sessionFor(store, user);

    // Sign out: this session only.
    const page = await app.request(`${ORIGIN}/admin`, { headers: { cookie: after } });
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(await page.text())![1]!;
    const out = await app.request(`${ORIGIN}/admin/logout`, {
      method: 'POST',
      headers: { cookie: after, origin: ORIGIN },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    assert.equal(out.status, 303);
    assert.match(out.headers.getSetCookie().join('\n'), /gloss_session=;/);
    assert.equal(await findSession(store.db, token), undefined);
    assert.ok(await findSession(store.db, elsewhere.cookie.split('=')[1]));

    // Everywhere: every session of the user.
    const third = await sessionFor(store, user);
    const all = await app.request(`${ORIGIN}/admin/logout-everywhere`, {
      method: 'POST',
      headers: third.headers,
      body: form(third),
    });
    assert.equal(all.status, 303);
    assert.equal(await findSession(store.db, elsewhere.cookie.split('=')[1]), undefined);
    assert.equal(await findSession(store.db, third.cookie.split('=')[1]), undefined);
  });

  it('throttles failed sign-ins: the right password is refused while blocked', async () => {
    await createUser(store.db, {
      email: 'target@example.org',
      name: 'T',
      role: 'author',
      password: PASSWORD,
    });
    for (let i = 0; i < 5; i++) {
      const res = await signIn(app, 'target@example.org', `wrong password ${i}`);
      assert.equal(res.status, 401);
      assert.match(await res.text(), /do not match/);
    }
    const blocked = await signIn(app, 'target@example.org', PASSWORD);
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.equal(cookieFrom(blocked, 'gloss_session'), undefined);
    // An unknown address fails the same way as a wrong password.
    const unknown = await signIn(app, 'nobody@example.org', PASSWORD);
    assert.equal(unknown.status, 401);
  });

  it('enforces roles on the server', async () => {
    const author = await signedInAs(store, 'author');
    const other = await signedInAs(store, 'author');
    const moderator = await signedInAs(store, 'moderator');
    const admin = await signedInAs(store, 'admin');
    const theirs = await createPost(
      store.db,
      { title: 'Not yours', bodyHtml: '<p>x</p>', authorId: other.user.id },
      'UTC',
    );
    const mine = await createPost(
      store.db,
      { title: 'Yours', bodyHtml: '<p>x</p>', authorId: author.user.id },
      'UTC',
    );
    const get = (who: SignedIn, path: string) =>
      app.request(`${ORIGIN}${path}`, { headers: { cookie: who.cookie } });
    const post = (who: SignedIn, path: string, fields: Record<string, string> = {}) =>
      app.request(`${ORIGIN}${path}`, { method: 'POST', headers: who.headers, body: form(who, fields) });

    for (const path of ['/admin/settings', '/admin/users', '/admin/comments']) {
      assert.equal((await get(author, path)).status, 403, `author ${path}`);
    }
    for (const path of ['/admin/settings', '/admin/users', '/admin/posts', '/admin/posts/new']) {
      assert.equal((await get(moderator, path)).status, 403, `moderator ${path}`);
    }
    assert.equal((await get(moderator, '/admin/comments')).status, 200);
    assert.equal((await get(moderator, '/admin')).status, 200);
    assert.equal((await get(author, '/admin/posts')).status, 200);
    assert.equal((await get(author, `/admin/posts/${mine.id}/edit`)).status, 200);
    assert.equal((await get(author, `/admin/posts/${theirs.id}/edit`)).status, 403);
    assert.equal(
      (await post(author, `/admin/posts/${theirs.id}`, { title: 'Mine now', body: 'x', action: 'save' }))
        .status,
      403,
    );
    assert.equal((await post(author, `/admin/posts/${theirs.id}/trash`)).status, 403);
    assert.equal((await post(moderator, `/admin/posts/${mine.id}/trash`)).status, 403);
    assert.equal((await post(author, '/admin/settings', { title: 'Taken over' })).status, 403);
    // The author's list shows only their posts, even when asked for another author's.
    const list = await (await get(author, `/admin/posts?author=${other.user.id}`)).text();
    assert.match(list, /Yours/);
    assert.doesNotMatch(list, /Not yours/);
    // Admins change everything except the owner's account.
    const ownerUser = (await findByEmail(store.db, 'owner@example.org'))!;
    assert.equal((await post(admin, `/admin/users/${ownerUser.id}/deactivate`)).status, 400);
    assert.equal((await post(admin, `/admin/users/${ownerUser.id}/role`, { role: 'author' })).status, 400);
    assert.equal((await findByEmail(store.db, 'owner@example.org'))!.active, 1);
    assert.equal((await findByEmail(store.db, 'owner@example.org'))!.role, 'owner');
    assert.equal((await post(admin, `/admin/users/${author.user.id}/role`, { role: 'owner' })).status, 400);
    assert.equal((await post(admin, `/admin/users/${other.user.id}/deactivate`)).status, 303);
    assert.equal((await get(other, '/admin')).status, 302, 'a deactivated account is signed out');
  });

  it('keeps what was posted when the session has ended, and sends it again after sign-in', async () => {
    const user = await createUser(store.db, {
      email: 'writer@example.org',
      name: 'W',
      role: 'author',
      password: PASSWORD,
    });
    const post = await createPost(
      store.db,
      { title: 'Before', bodyHtml: '<p>old</p>', authorId: user.id, status: 'draft' },
      'UTC',
    );
    const expired = await app.request(`${ORIGIN}/admin/posts/${post.id}`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: 'gloss_session=ended' },
      body: new URLSearchParams({
        _csrf: 'stale',
        title: 'After the timeout',
        body: 'Line one\n\n[A note]',
        format: 'markdown',
        kind: 'post',
        action: 'draft',
      }),
    });
    assert.equal(expired.status, 401);
    const page = await expired.text();
    const resubmit = /name="resubmit" value="([^"]+)"/
      .exec(page)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    assert.ok(!resubmit.includes('stale'), 'the old token is not kept');
    const signedIn = await signIn(app, 'writer@example.org', PASSWORD, { resubmit });
    assert.equal(signedIn.status, 200);
    const again = await signedIn.text();
    assert.match(again, new RegExp(`<form method="post" action="/admin/posts/${post.id}" data-autosubmit`));
    assert.match(again, /value="After the timeout"/);
    // Send it as the page would.
    const cookie = cookieFrom(signedIn, 'gloss_session')!;
    const fields = new URLSearchParams();
    for (const m of again.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields.append(m[1]!, m[2]!);
    for (const m of again.matchAll(/<textarea name="([^"]+)" hidden="">([\s\S]*?)<\/textarea>/g))
      fields.append(m[1]!, m[2]!);
    const saved = await app.request(`${ORIGIN}/admin/posts/${post.id}`, {
      method: 'POST',
      headers: { cookie, origin: ORIGIN },
      body: fields,
    });
    assert.equal(saved.status, 303);
    const row = await store.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', post.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.title, 'After the timeout');
    assert.match(row.body_html, /<aside class="editor-note"><p>A note<\/p><\/aside>/);
    // A kept form may only go back into the admin.
    const elsewhere = await signIn(app, 'writer@example.org', PASSWORD, {
      resubmit: JSON.stringify({ action: 'https://evil.example/', fields: [['a', 'b']] }),
    });
    assert.equal(elsewhere.status, 303);
  });

  it('creates the owner through the one-time setup link', async (t) => {
    // This database has an owner: the setup link refuses. A fresh one shows the whole flow.
    assert.equal(await issueSetupToken(store.db), null);
    const { freshDatabase } = await import('../../test/helpers/databases.ts');
    const fresh = await freshDatabase(store.dialect);
    t.after(() => fresh.drop());
    const { app: freshApp } = createApp({ store: fresh.store, config: loadConfig({}, process.cwd()) });
    const token = (await issueSetupToken(fresh.store.db))!;
    const setupPath = `/admin/setup?token=${encodeURIComponent(token)}`;
    const pre = await loginForm(freshApp, setupPath);
    assert.equal(pre.status, 200);
    assert.match(pre.html, /Create the owner account/);
    const body = {
      _csrf: pre.token,
      name: 'Sokha',
      email: 'sokha@example.org',
      password: PASSWORD,
      password2: PASSWORD,
    };
    const mismatch = await freshApp.request(`${ORIGIN}${setupPath}`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: pre.cookie },
      body: new URLSearchParams({ ...body, password2: 'something else entirely' }),
    });
    assert.equal(mismatch.status, 400);
    const res = await freshApp.request(`${ORIGIN}${setupPath}`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: pre.cookie },
      body: new URLSearchParams(body),
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin?welcome');
    const cookie = cookieFrom(res, 'gloss_session')!;
    const dash = await freshApp.request(`${ORIGIN}/admin?welcome`, { headers: { cookie } });
    assert.equal(dash.status, 200);
    assert.match(await dash.text(), /Welcome to Gloss/);
    assert.equal((await findByEmail(fresh.store.db, 'sokha@example.org'))?.role, 'owner');
    assert.equal((await freshApp.request(`${ORIGIN}${setupPath}`)).status, 404, 'the link works once');
  });

  it('never logs a password or a session token', () => {
    const text = logged.join('\n');
    assert.ok(!text.includes(PASSWORD));
    assert.ok(!text.includes(owner.cookie.split('=')[1]!));
  });
});
