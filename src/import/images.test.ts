// --download-images against a local image server: copies with resized variants, bodies pointed at
// the copies, failures reported, and no request to a host that is not allowed or is internal
// without permission.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import sharp from 'sharp';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { runImport } from './run.ts';
import { resetContent } from './test-support.ts';

let server: http.Server;
let host = '';
const requests: string[] = [];

before(async () => {
  const png = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  const jpg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#993322' } })
    .jpeg()
    .toBuffer();
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/big.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    else if (req.url === '/small.jpg?size=s&v=2')
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpg);
    else if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
});

function exportFile(): string {
  const body = [
    `<p><a href="http://${host}/big.png"><img src="http://${host}/big.png" alt="Big"></a></p>`,
    `<p><img src="http://${host}/small.jpg?size=s&amp;v=2"></p>`,
    `<p><img src="http://${host}/missing.png"> <img src="http://${host}/page.html"></p>`,
    '<p><img src="http://images.elsewhere.invalid/x.png"></p>',
  ].join('');
  const xml = `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom'>
<entry><id>tag:blogger.com,1999:blog-1.post-1</id><published>2020-05-01T10:00:00.000+07:00</published>
<updated>2020-05-01T10:00:00.000+07:00</updated>
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>
<title type='text'>Pictures</title><content type='html'>${body.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</content>
<link rel='alternate' type='text/html' href='http://x.blogspot.com/2020/05/pictures.html'/></entry>
</feed>`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-img-')), 'export.xml');
  fs.writeFileSync(file, xml);
  return file;
}

eachDatabase('downloading images after an import', (store) => {
  it('copies allowed images with resized variants and points the post at them', async () => {
    await resetContent(store());
    requests.length = 0;
    const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-media-'));
    const summary = await runImport({
      store: store(),
      file: exportFile(),
      format: 'blogger',
      download: { mediaDir, allowHosts: [host], allowPrivate: true },
    });
    const images = summary.images!;
    assert.equal(images.downloaded, 2);
    assert.deepEqual(
      images.failed.map((f) => [f.url.replace(`http://${host}`, ''), f.reason]),
      [
        ['/missing.png', 'HTTP 404'],
        ['/page.html', 'not an image (text/html)'],
      ],
    );
    assert.equal(images.skipped, 1);
    assert.ok(!requests.some((r) => r.includes('elsewhere')));
    const media = await store().db.selectFrom('media').selectAll().orderBy('width', 'desc').execute();
    assert.equal(media.length, 2);
    assert.equal(media[0]!.width, 2000);
    const variants = JSON.parse(media[0]!.variants) as { width: number; path: string }[];
    assert.deepEqual(
      variants.map((v) => v.width),
      [480, 960, 1600],
    );
    for (const m of media) assert.ok(fs.existsSync(path.join(mediaDir, m.path)));
    for (const v of variants) assert.ok(fs.existsSync(path.join(mediaDir, v.path)));
    const post = await store().db.selectFrom('posts').select('body_html').executeTakeFirstOrThrow();
    assert.ok(post.body_html.includes(`src="/media/${media[0]!.path}"`));
    assert.ok(post.body_html.includes(`href="/media/${media[0]!.path}"`));
    assert.ok(post.body_html.includes(`src="/media/${media[1]!.path}"`));
    assert.ok(post.body_html.includes(`http://${host}/missing.png`), 'a failed image keeps its link');

    // Again: nothing new to fetch, the failures are tried again, nothing is stored twice.
    const again = await runImport({
      store: store(),
      file: exportFile(),
      format: 'blogger',
      download: { mediaDir, allowHosts: [host], allowPrivate: true },
    });
    assert.equal(again.images!.downloaded, 0);
    assert.equal(again.images!.failed.length, 2);
    assert.equal((await store().db.selectFrom('media').select('id').execute()).length, 2);
  });

  it('refuses an internal address unless the configuration allows it', async () => {
    await resetContent(store());
    requests.length = 0;
    const summary = await runImport({
      store: store(),
      file: exportFile(),
      format: 'blogger',
      download: {
        mediaDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-media-')),
        allowHosts: [host],
        allowPrivate: false,
      },
    });
    assert.equal(summary.images!.downloaded, 0);
    assert.ok(summary.images!.failed.every((f) => /internal address/.test(f.reason)));
    assert.equal(requests.length, 0);
  });
});
