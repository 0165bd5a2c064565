// "Remember me" for commenters, through a real server (the page cache's fast path included): the
// name and site come back in the form on the reader's next visit, the e-mail never goes into the
// cookie, and pages for a remembered reader or a signed-in editor are private, never shared.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedInAs } from '../../test/helpers/admin.ts';
import { commentApp, formToken, sendComment } from '../../test/helpers/comments.ts';
import { freshDatabase } from '../../test/helpers/databases.ts';
import { startServer } from '../../test/helpers/server.ts';
import { createPost } from '../posts/save.ts';
import { COMMENTER_COOKIE } from './remember.ts';

describe('remembering a commenter', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let postId: number;
  let path: string;

  before(async () => {
    database = await freshDatabase('sqlite');
    const post = await createPost(database.store.db, { title: 'A post', bodyHtml: '<p>Text.</p>' }, 'UTC');
    postId = post.id;
    path = post.path;
    server = await startServer(database.store);
  });
  after(async () => {
    await server?.close();
    await database?.drop();
  });

  const formValue = (html: string, name: string) =>
    new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ??
    new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html)?.[1];

  it('keeps the name and site in a cookie when asked, never the e-mail', async () => {
    const { app, wait } = commentApp(database.store);
    const token = await formToken(app, path);
    wait(10);
    const res = await sendComment(app, postId, {
      token,
      author: 'Sokha',
      email: 'sokha@example.org',
      url: 'https://sokha.example',
      body: 'Thank you for this.',
      remember: '1',
    });
    assert.equal(res.status, 303, await res.text());
    const line = res.headers.getSetCookie().find((l) => l.startsWith(`${COMMENTER_COOKIE}=`));
    assert.ok(line, 'a cookie is set');
    assert.match(line, /Path=\/(;|$)/);
    assert.match(line, /HttpOnly/);
    assert.match(line, /SameSite=Lax/);
    const value = decodeURIComponent(line.split(';')[0]!.slice(COMMENTER_COOKIE.length + 1));
    const decoded = Buffer.from(value, 'base64url').toString('utf8');
    assert.deepEqual(JSON.parse(decoded), { author: 'Sokha', url: 'https://sokha.example' });
    assert.ok(!line.includes('sokha@example.org') && !decoded.includes('@'), 'no e-mail in the cookie');
    const cookie = line.split(';')[0]!;

    // Through the real server: an anonymous visit fills the shared cache first.
    const anonymous = await fetch(`${server.base}${path}`);
    assert.doesNotMatch(anonymous.headers.get('cache-control') ?? '', /private/);
    assert.equal(formValue(await anonymous.text(), 'author'), '');
    await fetch(`${server.base}${path}`); // now served from the cache's fast path
    const remembered = await fetch(`${server.base}${path}`, { headers: { cookie } });
    assert.equal(remembered.headers.get('cache-control'), 'private, no-cache');
    const html = await remembered.text();
    assert.equal(formValue(html, 'author'), 'Sokha');
    assert.equal(formValue(html, 'url'), 'https://sokha.example');
    assert.equal(formValue(html, 'email'), '', 'the e-mail is never filled in');
    assert.match(html, /name="remember" value="1" checked=""/);
    const after = await fetch(`${server.base}${path}`);
    assert.equal(formValue(await after.text(), 'author'), '', 'the remembered name never reaches the cache');

    // Unticked on the next comment: the cookie is removed.
    const token2 = await formToken(app, path);
    wait(10);
    const forget = await sendComment(
      app,
      postId,
      { token: token2, author: 'Sokha', body: 'Another thought.' },
      { headers: { cookie } },
    );
    assert.equal(forget.status, 303);
    const cleared = forget.headers.getSetCookie().find((l) => l.startsWith(`${COMMENTER_COOKIE}=`));
    assert.match(cleared ?? '', /Max-Age=0/);
  });

  it('never answers a signed-in editor from the shared cache', async () => {
    const editor = await signedInAs(database.store, 'author');
    await fetch(`${server.base}/`);
    const res = await fetch(`${server.base}/`, { headers: { cookie: editor.cookie } });
    assert.equal(res.headers.get('cache-control'), 'private, no-cache');
    assert.equal(res.status, 200);
  });
});
