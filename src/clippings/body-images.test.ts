// Clipping with --download-images against a local news site: the body's photo is stored in the
// media store with its caption and credit and served with srcset; a missing one keeps its address.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import sharp from 'sharp';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { clipUrl } from './clip.ts';

let server: http.Server;
let base = '';

before(async () => {
  const jpeg = await sharp({ create: { width: 1300, height: 800, channels: 3, background: '#456789' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Someone' } })
    .toBuffer();
  server = http.createServer((req, res) => {
    if (req.url === '/photo.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
    if (req.url === '/story') {
      const paragraphs = Array.from(
        { length: 8 },
        (_, i) =>
          `<p>Paragraph ${i + 1} of the story about the harbour, long enough to be read as article text by any extractor.</p>`,
      ).join('');
      return res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><html><head>
<title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>
${paragraphs.slice(0, 400)}<figure><img src="${base}/photo.jpg" alt="The harbour"><figcaption>The harbour at dawn. Photo: Dara Kim</figcaption></figure>
${paragraphs}<figure><img src="${base}/missing.jpg" alt="Gone"></figure></article></body></html>`);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

eachDatabase('clip --download-images', (store) => {
  it('stores the body images with caption and credit and points the post at them', async () => {
    const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-clip-img-'));
    const result = await clipUrl(store().db, `${base}/story`, {
      fetch: { allowPrivate: true },
      timeZone: 'UTC',
      downloadImages: { mediaDir },
      now: () => new Date('2026-12-05T08:00:00Z'),
    });
    assert.equal(result.kind, 'created');
    if (result.kind !== 'created') return;
    assert.equal(result.images?.downloaded, 1);
    assert.equal(result.images?.failed.length, 1);
    assert.match(result.images!.failed[0]!.reason, /404/);
    const body = result.post.body_html;
    const img = /<img [^>]*src="\/media\/[^>]*>/.exec(body)?.[0] ?? '';
    assert.match(img, /src="\/media\/2026\/12\/[0-9a-f]{16}\.jpg"/);
    assert.match(img, /srcset="[^"]*-480\.webp 480w/);
    assert.match(img, /width="1300"/);
    assert.match(img, /height="800"/);
    assert.match(body, new RegExp(`src="${base}/missing.jpg"`));
    const media = await store().db.selectFrom('media').selectAll().execute();
    assert.equal(media.length, 1);
    assert.equal(media[0]!.source_url, `${base}/photo.jpg`);
    assert.equal(media[0]!.caption, 'The harbour at dawn.');
    assert.equal(media[0]!.credit, 'Dara Kim');
    const stored = await sharp(fs.readFileSync(path.join(mediaDir, media[0]!.path))).metadata();
    assert.equal(stored.exif, undefined, 'metadata stripped');
  });
});
