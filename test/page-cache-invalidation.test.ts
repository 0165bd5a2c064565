// Two Gloss instances on one database, each with its own page cache, as two processes (or two
// machines) are: a write through one drops, in both caches, exactly the pages that show it: a
// comment on one post drops that post's page and the listings showing comment counts, never the
// other posts' pages; a settings change drops everything. And GLOSS_CACHE=off keeps nothing.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { createPost } from '../src/posts/save.ts';
import { writeSettings } from '../src/settings/settings.ts';
import { openStore, type Store } from '../src/storage/db.ts';
import type { Post } from '../src/storage/schema.ts';
import { createServer, listen } from '../src/web/server.ts';
import { formToken, sendComment } from './helpers/comments.ts';
import { eachDatabase } from './helpers/databases.ts';

const ZONE = 'Asia/Phnom_Penh';

eachDatabase('page cache invalidation across processes', (store, _kind, url) => {
  let second: Store;
  let a: ReturnType<typeof createApp>;
  let b: ReturnType<typeof createApp>;
  let posts: Post[];
  const clockSkew = { ms: 0 };
  const now = () => new Date(Date.now() + clockSkew.ms);

  before(async () => {
    const db = store().db;
    await writeSettings(db, { title: 'Paris Peace Accords', timeZone: ZONE, commentCloseDays: 365 });
    const author = await db
      .insertInto('users')
      .values({
        email: 'editor@example.org',
        name: 'Editor',
        role: 'author',
        password_hash: null,
        profile_url: null,
        external_id: null,
        created_at: '2024-01-01T00:00:00.000Z',
        updated_at: '2024-01-01T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    posts = [];
    for (const title of ['First accord', 'Second accord', 'Third accord']) {
      posts.push(await createPost(db, { title, bodyHtml: `<p>${title}</p>`, authorId: author.id }, ZONE));
    }
    second = await openStore(url(), { migrate: false });
    const config = loadConfig({}, process.cwd());
    a = createApp({ store: store(), config, now });
    b = createApp({ store: second, config, now });
  });
  after(async () => {
    await second?.close();
  });

  const get = (app: ReturnType<typeof createApp>, path: string) =>
    Promise.resolve(app.app.request(`http://blog.test${path}`)).then((r) => r.text());
  const cached = async (app: ReturnType<typeof createApp>, path: string) => {
    await app.deps.cache.sync();
    return app.deps.cache.get(path) !== undefined;
  };

  it('drops only the commented post and the listings, in every process', async () => {
    const [first, secondPost, third] = posts as [Post, Post, Post];
    const paths = ['/', first.path, secondPost.path, third.path, '/feeds/posts/default'];
    // Twice: the first post page rendered stores the comment form's key in the settings (once).
    for (const _ of [1, 2]) for (const app of [a, b]) for (const path of paths) await get(app, path);
    for (const app of [a, b]) for (const path of paths) assert.ok(await cached(app, path), `${path} cached`);

    const token = await formToken(a.app, first.path);
    clockSkew.ms += 5000;
    const res = await sendComment(a.app, first.id, { token, author: 'Sok', body: 'Signed in Paris.' });
    assert.equal(res.status, 303);

    for (const [name, app] of [
      ['the writer', a],
      ['the other process', b],
    ] as const) {
      assert.equal(await cached(app, first.path), false, `${name}: the commented post is dropped`);
      assert.equal(await cached(app, '/'), false, `${name}: the home page shows counts: dropped`);
      assert.ok(await cached(app, secondPost.path), `${name}: another post stays cached`);
      assert.ok(await cached(app, third.path), `${name}: and the third`);
      assert.ok(await cached(app, '/feeds/posts/default'), `${name}: the posts feed shows no comments`);
      assert.match(await get(app, first.path), /Signed in Paris\./, `${name} shows the comment`);
      assert.match(await get(app, '/'), /1 comment/);
    }
  });

  it('drops a post page and the listings on a post edit, elsewhere too', async () => {
    const [, secondPost, third] = posts as [Post, Post, Post];
    for (const app of [a, b]) for (const path of ['/', secondPost.path, third.path]) await get(app, path);
    await store()
      .db.updateTable('posts')
      .set({ title: 'Second accord, revised' })
      .where('id', '=', secondPost.id)
      .execute();
    for (const app of [a, b]) {
      assert.equal(await cached(app, secondPost.path), false);
      assert.match(await get(app, secondPost.path), /Second accord, revised/);
      assert.match(await get(app, '/'), /Second accord, revised/);
    }
  });

  it('drops everything on a settings change', async () => {
    for (const app of [a, b]) for (const post of posts) await get(app, post.path);
    await writeSettings(store().db, { title: 'Accords of 1991' });
    for (const app of [a, b]) {
      for (const post of posts) assert.equal(await cached(app, post.path), false);
      assert.match(await get(app, posts[2]!.path), /Accords of 1991/);
    }
  });

  it("answers from node:http's fast path with what another process wrote just before", async () => {
    // The fast path reads the content version once per poll of the event loop; every request
    // after a write must see it, however many requests came before in the same moment.
    const server = createServer(b.app, b.deps.cache);
    const { port } = await listen(server, 0, '127.0.0.1');
    try {
      const third = posts[2]!;
      const page = (path: string) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.text());
      for (const _ of [1, 2, 3]) assert.match(await page(third.path), /Third accord/);
      assert.ok(b.deps.cache.get(third.path), 'served from the cache');
      for (const title of ['Third accord, revised', 'Third accord, revised again']) {
        await Promise.all([page(third.path), page('/'), page(third.path)]);
        await store().db.updateTable('posts').set({ title }).where('id', '=', third.id).execute();
        const [own, home] = await Promise.all([page(third.path), page('/')]);
        assert.match(own, new RegExp(`<h1 class="post-title p-name">${title}</h1>`));
        assert.match(home, new RegExp(title));
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps nothing when the cache is off', async () => {
    const off = createApp({ store: second, config: loadConfig({ GLOSS_CACHE: 'off' }, process.cwd()), now });
    await get(off, posts[0]!.path);
    await get(off, '/');
    assert.equal(off.deps.cache.size, 0);
  });
});
