// /admin/media in process on both databases: uploads for Compose (alt text required, bombs and
// non-images refused with the reason), the library's list and search, where each image is used,
// and deletion refused with 409 while a post shows the image.
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

  async function upload(who: SignedIn, bytes: Buffer, fields: Record<string, string>) {
    const body = new FormData();
    body.append('_csrf', who.csrf);
    body.append('file', new File([new Uint8Array(bytes)], 'photo.jpg', { type: 'image/jpeg' }));
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return app.request(`${ORIGIN}/admin/media`, { method: 'POST', headers: who.headers, body });
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
});
