// Body limits in front of /admin: decided by the session before any body is read, measured while
// streaming, never echoed back, and a flood of large refused posts stalls nobody else.
import assert from 'node:assert/strict';
import http from 'node:http';
import { before, it } from 'node:test';
import { ORIGIN, type SignedIn, signedInAs } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { startServer } from '../../test/helpers/server.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import type { Store } from '../storage/db.ts';
import { BODY_LIMITS } from './body-limit.ts';

type App = ReturnType<typeof createApp>['app'];

/** Starts a POST claiming `claimed` bytes, sends only the first 64 KB, and resolves on the answer. */
function partialPost(base: string, path: string, claimed: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, {
      method: 'POST',
      headers: {
        origin: base,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(claimed),
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(`email=a%40b.c&password=${'x'.repeat(64 * 1024)}`);
  });
}

eachDatabase('admin body limits', (getStore) => {
  let store: Store;
  let app: App;
  let owner: SignedIn;

  before(async () => {
    store = getStore();
    ({ app } = createApp({ store, config: loadConfig({}, process.cwd()) }));
    owner = await signedInAs(store, 'owner', 'owner@example.org');
  });

  const post = (path: string, body: BodyInit, headers: Record<string, string>, init: RequestInit = {}) =>
    app.request(`${ORIGIN}${path}`, {
      method: 'POST',
      body,
      headers: { origin: ORIGIN, ...headers },
      ...init,
    });

  it('refuses more than 16 KB without a session and never echoes it back', async () => {
    const marker = 'ECHOED-FIELD-VALUE';
    const big = `email=${marker}&password=${'p'.repeat(BODY_LIMITS.signedOut)}`;
    for (const path of ['/admin/login', '/admin/setup?token=x', '/admin/posts/new', '/admin/settings']) {
      const res = await post(path, big, {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(big.length),
      });
      assert.equal(res.status, 413, path);
      const text = await res.text();
      assert.match(text, /without a session \/admin accepts at most 16 KB/);
      assert.doesNotMatch(text, new RegExp(marker), 'the refused body is not echoed');
    }
    // Measured as it arrives when there is no Content-Length.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('a'.repeat(1024)));
        controller.close();
      },
    });
    const chunked = await post(
      '/admin/login',
      stream,
      { 'content-type': 'application/x-www-form-urlencoded' },
      {
        duplex: 'half',
      } as RequestInit,
    );
    assert.equal(chunked.status, 413);
    // A small sign-in form still works as before (wrong password: 401, not 413).
    const small = await post('/admin/login', new URLSearchParams({ email: 'a@b.c', password: 'nope' }), {});
    assert.notEqual(small.status, 413);
  });

  it('gives signed-in forms 2 MB and signed-in uploads 25 MB', async () => {
    const text = `_csrf=${owner.csrf}&title=T&body=${'b'.repeat(BODY_LIMITS.form + 10)}`;
    const tooLong = await post('/admin/posts/new', text, {
      ...owner.headers,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(text.length),
    });
    assert.equal(tooLong.status, 413);
    assert.match(await tooLong.text(), /forms accept at most 2 MB/);

    const fine = `_csrf=${owner.csrf}&title=T&body=${'b'.repeat(BODY_LIMITS.signedOut * 4)}`;
    const ok = await post('/admin/posts/new', fine, {
      ...owner.headers,
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.notEqual(ok.status, 413, 'a 64 KB post body is an ordinary form when signed in');

    const upload = new FormData();
    upload.set('_csrf', owner.csrf);
    upload.set('file', new Blob([new Uint8Array(3 * 1024 * 1024)]), 'big.bin');
    const multipart = await post('/admin/posts/new', upload, owner.headers);
    assert.notEqual(multipart.status, 413, 'a 3 MB signed-in upload passes the body limit');

    const claimed = await post('/admin/posts/new', 'x', {
      ...owner.headers,
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': String(BODY_LIMITS.upload + 1),
    });
    assert.equal(claimed.status, 413);
    assert.match(await claimed.text(), /upload is too large \(25 MB at most\)/);
  });

  it('answers 20 parallel 24 MB posts without a session at once, while the blog keeps serving', async () => {
    const server = await startServer(store);
    try {
      const refused = Array.from({ length: 20 }, () =>
        partialPost(server.base, '/admin/login', 24 * 1024 * 1024),
      );
      // Each attacker has sent 64 KB of 24 MB and waits; every one is answered without the rest.
      const results = await Promise.all(refused);
      for (const r of results) {
        assert.equal(r.status, 413);
        assert.doesNotMatch(r.body, /xxxx/);
      }
      const home = await fetch(`${server.base}/`);
      assert.equal(home.status, 200);
    } finally {
      await server.close();
    }
  });
});
