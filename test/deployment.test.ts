// docs/deployment.md followed: Debian's nginx in front of two Gloss servers on one PostgreSQL
// database, as the guide configures it (upstream with keepalive, Host and X-Forwarded-* set).
// Through nginx: pages answer, a comment posted through it shows on both servers, conditional
// requests get 304, the health endpoints pass. nginx runs from a temporary folder on a free port.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../src/auth/users.ts';
import { createPost } from '../src/posts/save.ts';
import { writeSettings } from '../src/settings/settings.ts';
import { openStore, type Store } from '../src/storage/db.ts';
import type { Post } from '../src/storage/schema.ts';
import { freshDatabase, postgresProblem } from './helpers/databases.ts';
import { startServer } from './helpers/server.ts';

const NGINX = process.env.GLOSS_NGINX ?? '/usr/sbin/nginx';

function nginxSkip(): string | false {
  if (process.env.CI === 'true') return false;
  if (process.env.GLOSS_TEST_POSTGRES_PROBLEM) return 'PostgreSQL is not reachable';
  return fs.existsSync(NGINX)
    ? false
    : `nginx is not at ${NGINX} (apt-get install nginx, or set GLOSS_NGINX)`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('nginx in front of two Gloss servers on PostgreSQL', { skip: nginxSkip() }, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let second: Store;
  let servers: Awaited<ReturnType<typeof startServer>>[] = [];
  let nginx: ChildProcess | undefined;
  let dir: string;
  let proxy = '';
  let post: Post;

  before(async () => {
    const problem = await postgresProblem();
    if (problem) throw new Error(`PostgreSQL is required: ${problem}`);
    if (!fs.existsSync(NGINX)) throw new Error(`CI=true and nginx is missing at ${NGINX}`);
    db = await freshDatabase('postgres');
    await writeSettings(db.store.db, { title: 'Behind nginx', commentMinSeconds: 0, commentCloseDays: 365 });
    const editor = await createUser(db.store.db, {
      email: 'editor@example.org',
      name: 'Editor',
      role: 'admin',
      password: 'a long enough password',
    });
    post = await createPost(
      db.store.db,
      { title: 'Through the proxy', bodyHtml: '<p>Hello.</p>', authorId: editor.id },
      'UTC',
    );
    second = await openStore(db.url, { migrate: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-nginx-'));
    const port = await freePort();
    proxy = `http://127.0.0.1:${port}`;
    // As the guide says: links name the public address (GLOSS_BASE_URL), never a request's Host.
    servers = [
      await startServer(db.store, { baseUrl: proxy }),
      await startServer(second, { baseUrl: proxy }),
    ];
    const upstreams = servers.map((s) => `server ${new URL(s.base).host};`).join('\n      ');
    fs.writeFileSync(
      path.join(dir, 'nginx.conf'),
      `${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream gloss {
      ${upstreams}
      keepalive 8;
  }
  server {
    listen 127.0.0.1:${port};
    server_name blog.test;
    client_max_body_size 25m;
    location / {
      proxy_pass http://gloss;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host:$server_port;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
`,
    );
    execFileSync(NGINX, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'pipe' });
    nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${proxy}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    for (const server of servers) await server.close();
    await second?.close();
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the pages and the health endpoints through the proxy', async () => {
    for (const p of ['/', post.path, '/feeds/posts/default', '/healthz', '/readyz']) {
      const res = await fetch(`${proxy}${p}`);
      assert.equal(res.status, 200, p);
    }
    const page = await (await fetch(`${proxy}${post.path}`)).text();
    assert.match(page, /Through the proxy/);
    assert.ok(
      page.includes(`${proxy}${post.path}`),
      'canonical links name the public address (GLOSS_BASE_URL)',
    );
  });

  it('shows a comment posted through nginx on both servers', async () => {
    for (const server of servers) await fetch(`${server.base}${post.path}`); // both caches warm
    const form = await (await fetch(`${proxy}${post.path}`)).text();
    const token = /name="token" value="([^"]+)"/.exec(form)![1]!;
    const res = await fetch(`${proxy}/comments/${post.id}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: proxy },
      body: new URLSearchParams({ token, author: 'Dara', body: 'Read through the proxy.' }).toString(),
    });
    assert.equal(res.status, 303);
    for (const server of servers) {
      assert.match(await (await fetch(`${server.base}${post.path}`)).text(), /Read through the proxy\./);
    }
    for (const _ of [1, 2, 3, 4]) {
      assert.match(await (await fetch(`${proxy}${post.path}`)).text(), /Read through the proxy\./);
    }
  });

  it('passes validators through: a conditional request gets 304, never cached headers of another', async () => {
    // The home page: its bytes are the same from either server (a post page carries its comment
    // form's token, made per render, so its ETag differs from one server's cache to the other's).
    await fetch(`${proxy}/`).then((r) => r.arrayBuffer());
    await fetch(`${proxy}/`).then((r) => r.arrayBuffer());
    const first = await fetch(`${proxy}/`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    assert.ok(etag, 'an ETag');
    assert.equal(first.headers.get('x-gloss-cache-tags'), null, 'internal tags never leave the server');
    // Both upstreams render the same bytes, so the tag holds whichever answers.
    for (const _ of [1, 2]) {
      const again: Response = await fetch(`${proxy}/`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
    }
    const health = await fetch(`${proxy}/readyz`);
    assert.equal(health.headers.get('cache-control'), 'no-store');
  });
});
