// /admin/media in process on both databases: uploads for Compose (alt text required, bombs and
// non-images refused with the reason), the library's list and search (the page and Compose's
// library.json), where each image is used, replacing a picture everywhere it shows (same checks as
// an upload; authors only where every post using it is theirs), and deletion refused with 409
// while a post shows the image.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, it } from 'node:test';
import sharp from 'sharp';
import { ORIGIN, type SignedIn, signedInAs, form as withToken } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';

eachDatabase('admin: media library', (store) => {
  let app: ReturnType<typeof createApp>['app'];
  let author: SignedIn;
  let moderator: SignedIn;
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-media-lib-'));

  before(async () => {
    app = createApp({ store: store(), config: { ...loadConfig({}, process.cwd()), mediaDir } }).app;
    author = await signedInAs(store(), 'author');
    moderator = await signedInAs(store(), 'moderator');
  });

  async function upload(who: SignedIn, bytes: Buffer, fields: Record<string, string>, to = '/admin/media') {
    const body = new FormData();
    body.append('_csrf', who.csrf);
    body.append('file', new File([new Uint8Array(bytes)], 'photo.jpg', { type: 'image/jpeg' }));
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return app.request(`${ORIGIN}${to}`, { method: 'POST', headers: who.headers, body });
  }
  const get = (p: string, who: SignedIn) => app.request(`${ORIGIN}${p}`, { headers: who.headers });
  const post = (p: string, who: SignedIn, fields: Record<string, string> = {}) =>
    app.request(`${ORIGIN}${p}`, {
      method: 'POST',
      headers: { ...who.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: withToken(who, fields),
    });

  const photo = (background: string) =>
    sharp({ create: { width: 1400, height: 900, channels: 3, background } })
      .jpeg()
      .toBuffer();

  let harbour: { id: number; src: string; srcset: string; width: number; height: number };

  it('stores an upload and answers what Compose inserts', async () => {
    const res = await upload(author, await photo('#335577'), {
      alt: 'Ships at the harbour mouth',
      caption: 'The harbour at dawn',
      credit: 'Photo: Sok Dara',
    });
    assert.equal(res.status, 200);
    harbour = await res.json();
    assert.match(harbour.src, /^\/media\/\d{4}\/\d{2}\/[0-9a-f]{16}\.jpg$/);
    assert.match(harbour.srcset, /-480\.webp 480w, .*-800\.webp 800w, .*-1200\.webp 1200w, .*\.jpg 1400w$/);
    assert.equal(harbour.width, 1400);
    assert.equal(harbour.height, 900);
  });

  it('refuses uploads without alt text, non-images and a moderator', async () => {
    const noAlt = await upload(author, await photo('#884422'), { alt: ' ' });
    assert.equal(noAlt.status, 400);
    assert.match((await noAlt.json()).error, /alt text/);
    const text = await upload(author, Buffer.from('not a picture'), { alt: 'x' });
    assert.equal(text.status, 400);
    assert.match((await text.json()).error, /not an image Gloss can read/);
    assert.equal((await upload(moderator, await photo('#884422'), { alt: 'x' })).status, 403);
  });

  it('lists and searches by caption or credit', async () => {
    await upload(author, await photo('#226633'), {
      alt: 'A map',
      caption: 'Route of the convoy',
      credit: 'Map: UN',
    });
    const all = await (await get('/admin/media', author)).text();
    assert.match(all, /2 images/);
    assert.match(all, /The harbour at dawn/);
    assert.match(all, /Route of the convoy/);
    const found = await (await get('/admin/media?q=CONVOY', author)).text();
    assert.match(found, /1 image matching/);
    assert.doesNotMatch(found, /The harbour at dawn/);
    const byCredit = await (await get('/admin/media?q=sok%20dara', author)).text();
    assert.match(byCredit, /The harbour at dawn/);
    assert.match(await (await get('/admin/media?q=nothing-like-this', author)).text(), /No image matches/);
  });

  it("answers Compose's library search as JSON, signed-in only", async () => {
    const all = await get('/admin/media/library.json', author);
    assert.equal(all.status, 200);
    const listed = (await all.json()) as { total: number; items: Record<string, unknown>[] };
    assert.equal(listed.total, 2);
    assert.deepEqual(
      listed.items.map((i) => i.caption),
      ['Route of the convoy', 'The harbour at dawn'],
      'newest first',
    );
    const found = (await (await get('/admin/media/library.json?q=dara', author)).json()) as {
      total: number;
      items: Record<string, unknown>[];
    };
    assert.equal(found.total, 1);
    const item = found.items[0]!;
    assert.equal(item.id, harbour.id);
    assert.equal(item.src, harbour.src);
    assert.equal(item.srcset, harbour.srcset);
    assert.equal(item.alt, 'Ships at the harbour mouth');
    assert.equal(item.credit, 'Photo: Sok Dara');
    assert.match(String(item.thumb), /-480\.webp$/);
    const none = (await (await get('/admin/media/library.json?q=zzz-none', author)).json()) as {
      total: number;
    };
    assert.equal(none.total, 0);
    const anonymous = await app.request(`${ORIGIN}/admin/media/library.json`, {
      headers: { accept: 'application/json' },
    });
    assert.notEqual(anonymous.status, 200);
    assert.equal((await get('/admin/media/library.json', moderator)).status, 403);
  });

  it('says where an image is used and refuses to delete it then (409)', async () => {
    const body = `<p>Before.</p><figure><img src="${harbour.src}" srcset="${harbour.srcset}" alt="Ships"></figure>`;
    const saved = await post('/admin/posts', author, {
      title: 'The harbour',
      body,
      format: 'compose',
      kind: 'post',
      action: 'draft',
    });
    assert.equal(saved.status, 303);
    const postId = /\/admin\/posts\/(\d+)\/edit/.exec(saved.headers.get('location') ?? '')![1]!;

    const list = await (await get('/admin/media', author)).text();
    assert.match(list, /Used in 1 post/);
    assert.match(list, new RegExp(`href="/admin/posts/${postId}/edit">The harbour<`));

    const refused = await post(`/admin/media/${harbour.id}/delete`, author);
    assert.equal(refused.status, 409);
    assert.match(await refused.text(), /used in “The harbour”/);
    const file = path.join(mediaDir, decodeURIComponent(harbour.src.slice('/media/'.length)));
    assert.ok(fs.existsSync(file), 'the file is still there');

    // Once the post no longer shows it, it can go, with its variants.
    await post(`/admin/posts/${postId}`, author, {
      title: 'The harbour',
      body: '<p>Before.</p>',
      format: 'html',
      kind: 'post',
      action: 'draft',
    });
    const deleted = await post(`/admin/media/${harbour.id}/delete`, author);
    assert.equal(deleted.status, 303);
    assert.equal(deleted.headers.get('location'), '/admin/media?done=deleted');
    assert.ok(!fs.existsSync(file));
    assert.ok(!fs.existsSync(file.replace(/\.jpg$/, '-480.webp')));
    assert.match(await (await get('/admin/media', author)).text(), /1 image\b/);
  });

  it('replaces a picture in every post that shows it, and refuses what an upload refuses', async () => {
    const original = await (
      await upload(author, await photo('#553311'), {
        alt: 'A chart',
        caption: 'Arrivals by hour',
        credit: 'Chart: Port',
      })
    ).json();
    const img = `<figure><img src="${original.src}" srcset="${original.srcset}" sizes="(max-width: 860px) 100vw, 760px" width="1400" height="900" alt="A chart"></figure>`;
    const published = await post('/admin/posts', author, {
      title: 'Arrivals',
      body: `<p>The chart.</p>${img}`,
      format: 'html',
      kind: 'post',
      action: 'publish',
      image_src: original.src,
      image_alt: 'A chart',
    });
    assert.equal(published.status, 303);
    const postId = /\/admin\/posts\/(\d+)\/edit/.exec(published.headers.get('location') ?? '')![1]!;
    const { path: postPath } = await store()
      .db.selectFrom('posts')
      .select('path')
      .where('id', '=', Number(postId))
      .executeTakeFirstOrThrow();
    const before = await (await app.request(`${ORIGIN}${postPath}`)).text();
    assert.ok(before.includes(original.src), 'the public page shows the picture (and is now cached)');
    const oldFiles = [original.src, ...original.srcset.split(', ').map((c: string) => c.split(' ')[0])].map(
      (u: string) => path.join(mediaDir, decodeURIComponent(u.slice('/media/'.length))),
    );
    assert.ok(oldFiles.every((f: string) => fs.existsSync(f)));

    // Refused as an upload would be, and the same file: nothing changes.
    const notImage = await upload(
      author,
      Buffer.from('not a picture'),
      {},
      `/admin/media/${original.id}/replace`,
    );
    assert.equal(notImage.status, 400);
    assert.match(await notImage.text(), /not an image Gloss can read/);
    const same = await upload(author, await photo('#553311'), {}, `/admin/media/${original.id}/replace`);
    assert.equal(same.status, 400);
    assert.match(await same.text(), /same picture/);
    const twin = await upload(author, await photo('#226633'), {}, `/admin/media/${original.id}/replace`);
    assert.equal(twin.status, 400);
    assert.match(await twin.text(), /already in the library \(“Route of the convoy”\)/);
    const empty = await post(`/admin/media/${original.id}/replace`, author);
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /Choose the new picture/);
    // Another author may not change a post that is not theirs.
    const other = await signedInAs(store(), 'author');
    const barred = await upload(other, await photo('#101010'), {}, `/admin/media/${original.id}/replace`);
    assert.equal(barred.status, 403);
    assert.match(await barred.text(), /also used in “Arrivals”, which you may not edit/);
    // Without the form token, nothing happens.
    const forged = new FormData();
    forged.append(
      'file',
      new File([new Uint8Array(await photo('#101010'))], 'x.jpg', { type: 'image/jpeg' }),
    );
    const noToken = await app.request(`${ORIGIN}/admin/media/${original.id}/replace`, {
      method: 'POST',
      headers: author.headers,
      body: forged,
    });
    assert.equal(noToken.status, 403);
    assert.ok(
      oldFiles.every((f: string) => fs.existsSync(f)),
      'refusals leave the files',
    );

    // A square PNG instead of the 1400 × 900 JPEG.
    const square = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#aa2222' } })
      .png()
      .toBuffer();
    const replaced = await upload(author, square, {}, `/admin/media/${original.id}/replace`);
    assert.equal(replaced.status, 303);
    assert.equal(replaced.headers.get('location'), `/admin/media?done=replaced#media-${original.id}`);

    const item = (
      (await (await get('/admin/media/library.json?q=arrivals', author)).json()) as {
        items: {
          id: number;
          src: string;
          srcset: string;
          width: number;
          height: number;
          alt: string;
          caption: string;
        }[];
      }
    ).items[0]!;
    assert.equal(item.id, original.id, 'the same record');
    assert.equal(item.alt, 'A chart');
    assert.equal(item.caption, 'Arrivals by hour');
    assert.match(item.src, /^\/media\/\d{4}\/\d{2}\/[0-9a-f]{16}\.png$/);
    assert.match(item.srcset, /-480\.webp 480w, .*-800\.webp 800w, .*\.png 1000w$/);
    assert.deepEqual([item.width, item.height], [1000, 1000]);
    assert.ok(
      oldFiles.every((f: string) => !fs.existsSync(f)),
      'the old original and variants are gone',
    );
    for (const url of [item.src, ...item.srcset.split(', ').map((c) => c.split(' ')[0]!)])
      assert.ok(fs.existsSync(path.join(mediaDir, decodeURIComponent(url.slice('/media/'.length)))), url);

    // The post (body and lead image) and its public page, not the cached copy, show the new picture.
    const row = await store()
      .db.selectFrom('posts')
      .select(['body_html', 'image_src'])
      .where('id', '=', Number(postId))
      .executeTakeFirstOrThrow();
    assert.equal(row.image_src, item.src);
    assert.ok(row.body_html.includes(`src="${item.src}"`));
    assert.ok(row.body_html.includes(`srcset="${item.srcset}"`));
    assert.match(row.body_html, /width="1000" height="1000"/);
    assert.doesNotMatch(row.body_html, new RegExp(original.src.replace(/\.jpg$/, '')));
    const after = await (await app.request(`${ORIGIN}${postPath}`)).text();
    assert.ok(!after.includes(original.src.replace(/\.jpg$/, '')), 'no old address on the public page');
    assert.ok(after.includes(item.src));
    const image = await app.request(`${ORIGIN}${item.src}`);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.equal((await app.request(`${ORIGIN}${original.src}`)).status, 404);
    assert.match(await (await get('/admin/media?done=replaced', author)).text(), /Picture replaced/);
  });
});
