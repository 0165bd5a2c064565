// Gloss scaled out: three `gloss serve` processes on one PostgreSQL database (as on three
// machines), then `gloss serve --workers 2` on SQLite. Through any of them: a comment posted
// through one shows at once on the others' cached pages, a scheduled post is published by one
// lease holder, a sign-in made on one is valid on every other. Slow by nature (each process
// compiles the sources at start: about 30 s on 2 busy cores), so one file holds both halves.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../src/auth/users.ts';
import { createPost } from '../src/posts/save.ts';
import { writeSettings } from '../src/settings/settings.ts';
import { openStore, type Store } from '../src/storage/db.ts';
import type { Post } from '../src/storage/schema.ts';
import { freshDatabase, postgresProblem } from './helpers/databases.ts';
import { type GlossProcess, startGloss } from './helpers/processes.ts';

const ZONE = 'Asia/Phnom_Penh';
const PASSWORD = 'a long enough password';

/** A blog with two posts and an editor, comments accepted without the usual delay. */
async function prepare(store: Store): Promise<{ open: Post; other: Post }> {
  await writeSettings(store.db, {
    title: 'Scaled out',
    timeZone: ZONE,
    commentMinSeconds: 0,
    commentCloseDays: 365,
  });
  const editor = await createUser(store.db, {
    email: 'editor@example.org',
    name: 'Editor',
    role: 'admin',
    password: PASSWORD,
  });
  const make = (title: string) =>
    createPost(store.db, { title, bodyHtml: `<p>${title}</p>`, authorId: editor.id }, ZONE);
  return { open: await make('The accords are signed'), other: await make('Elections follow') };
}

const page = async (base: string, p: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${p}`, { headers, redirect: 'manual' });
  return { status: res.status, html: await res.text(), res };
};

async function comment(base: string, post: Post, body: string) {
  const form = await page(base, post.path);
  const token = /name="token" value="([^"]+)"/.exec(form.html)?.[1];
  assert.ok(token, `a comment form on ${post.path}`);
  const res = await fetch(`${base}/comments/${post.id}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ token, author: 'Sok', body }).toString(),
  });
  assert.equal(res.status, 303, `the comment is accepted (${res.status})`);
}

/** Signs in through one server; returns the session cookie. */
async function signIn(base: string): Promise<string> {
  const form = await page(base, '/admin/login');
  const pre = form.res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.html)?.[1];
  assert.ok(csrf, 'a sign-in form');
  const res = await fetch(`${base}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, cookie: pre.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, email: 'editor@example.org', password: PASSWORD }).toString(),
  });
  assert.equal(res.status, 303, 'signed in');
  const session = res.headers.getSetCookie().find((c) => c.startsWith('gloss_session='));
  assert.ok(session, 'a session cookie');
  return session.split(';')[0]!;
}

async function within(ms: number, check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The checks both halves make, with `bases` the addresses of the processes (or of the one port). */
function sharedChecks(ctx: () => { store: Store; bases: string[]; posts: { open: Post; other: Post } }) {
  it('shows a comment posted through one on every other cached page within a second', async () => {
    const { bases, posts } = ctx();
    for (const _ of [1, 2])
      for (const base of bases) for (const p of [posts.open, posts.other]) await page(base, p.path);
    await comment(bases[0]!, posts.open, 'Witnessed by eighteen countries.');
    // Every process, polled at once: the comment shows on each within a second of its posting.
    await Promise.all(
      bases.map((base) =>
        within(
          1000,
          async () => (await page(base, posts.open.path)).html.includes('Witnessed by eighteen'),
          base,
        ),
      ),
    );
    for (const base of bases) assert.match((await page(base, '/')).html, /1 comment/, `the count on ${base}`);
  });

  it('publishes a scheduled post once, by the lease holder', async () => {
    const { store, bases } = ctx();
    const editor = await store.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const due = new Date(Date.now() + 1500).toISOString();
    const scheduled = await createPost(
      store.db,
      {
        title: 'Scheduled for later',
        bodyHtml: '<p>Later.</p>',
        authorId: editor.id,
        status: 'scheduled',
        publishedAt: due,
      },
      ZONE,
    );
    assert.equal((await page(bases[0]!, scheduled.path)).status, 404, 'not yet');
    for (const base of bases) {
      await within(
        5000,
        async () => (await page(base, scheduled.path)).status === 200,
        `published, seen on ${base}`,
      );
    }
    const leases = await store.db
      .selectFrom('job_leases')
      .selectAll()
      .where('name', '=', 'publish-scheduled')
      .execute();
    assert.equal(leases.length, 1, 'one lease, one holder');
  });

  it('keeps a sign-in made on one valid on every other', async () => {
    const { bases } = ctx();
    const cookie = await signIn(bases[0]!);
    for (const base of [...bases, ...bases]) {
      const desk = await page(base, '/admin', { cookie });
      assert.equal(desk.status, 200, `the desk through ${base}`);
    }
    assert.equal((await page(bases[1]!, '/admin')).status, 302, 'and without the cookie, the sign-in page');
  });
}

describe('three processes on one PostgreSQL database', {
  skip:
    process.env.CI !== 'true' && process.env.GLOSS_TEST_POSTGRES_PROBLEM
      ? 'PostgreSQL is not reachable'
      : false,
}, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let servers: GlossProcess[] = [];
  let posts: { open: Post; other: Post };

  before(async () => {
    const problem = await postgresProblem();
    if (problem) throw new Error(`PostgreSQL is required: ${problem}`);
    db = await freshDatabase('postgres');
    posts = await prepare(db.store);
    servers = await Promise.all(
      [1, 2, 3].map(() =>
        startGloss(['--no-migrate', '--no-seed'], {
          DATABASE_URL: db.url,
          GLOSS_DB_POOL: '4',
          GLOSS_WORKERS: '1',
        }),
      ),
    );
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.drop();
  });

  sharedChecks(() => ({ store: db.store, bases: servers.map((s) => s.base), posts }));

  it('answers /healthz and /readyz on each, and stops cleanly on SIGTERM', async () => {
    for (const server of servers) {
      assert.equal((await page(server.base, '/healthz')).status, 200);
      assert.equal((await page(server.base, '/readyz')).html, 'ready\n');
    }
    assert.equal(await servers[2]!.stop(), 0);
  });
});

describe('two workers on SQLite', () => {
  let dir: string;
  let store: Store;
  let server: GlossProcess;
  let posts: { open: Post; other: Post };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-workers-'));
    store = await openStore(path.join(dir, 'blog.db'));
    posts = await prepare(store);
    server = await startGloss(['--workers', '2', '--no-seed'], { DATABASE_URL: path.join(dir, 'blog.db') });
  });
  after(async () => {
    await server?.stop();
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // One port: the primary hands each connection to either worker; fetch opens several.
  sharedChecks(() => ({ store, bases: [server.base, server.base, server.base], posts }));

  it('replaces a worker that dies, and drains on SIGTERM with exit code 0', async () => {
    const pids = () => [...server.output().matchAll(/Worker (\d+) died/g)].length;
    const workers = (await import('node:child_process'))
      .execFileSync('pgrep', ['-P', String(server.child.pid)])
      .toString()
      .trim()
      .split('\n')
      .map(Number);
    assert.equal(workers.length, 2, 'two workers');
    process.kill(workers[0]!, 'SIGKILL');
    await within(5000, async () => pids() === 1, 'the death is noticed');
    await within(60_000, async () => (await page(server.base, '/healthz')).status === 200, 'still serving');
    assert.equal(await server.stop(), 0);
  });
});
