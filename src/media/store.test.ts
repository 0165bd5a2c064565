// The image pipeline under hostile input: a pixel bomb refused from its header in milliseconds,
// parallel uploads processed two at a time, metadata (GPS included) stripped from still and
// animated images alike, and types decided by content.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { ImageQueue, ImageQueueFull, imageQueue } from './image-queue.ts';
import { MediaError, storeUploadedImage } from './store.ts';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A real, decodable 1-bit grey PNG of SIZE × SIZE that compresses to a few tens of KB. */
function pngBomb(size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc(size * (1 + Math.ceil(size / 8))); // all-zero rows, filter 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const GPS = {
  IFD0: { Copyright: 'Someone', Artist: 'A photographer' },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '11/1 33/1 0/1',
    GPSLongitudeRef: 'E',
    GPSLongitude: '104/1 55/1 0/1',
  },
};

function photo(seed: number, width = 1600, height = 1000) {
  return sharp({
    create: { width, height, channels: 3, background: { r: (seed * 37) % 256, g: 90, b: 140 } },
  });
}

async function animated(format: 'gif' | 'webp'): Promise<Buffer> {
  const frames = await Promise.all(
    ['#ff0000', '#00ff00', '#0000ff'].map((background) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background } })
        .png()
        .toBuffer(),
    ),
  );
  const anim = sharp(frames, { join: { animated: true } });
  return (format === 'gif' ? anim.gif() : anim.webp()).withExif(GPS).toBuffer();
}

describe('image queue', () => {
  it('runs two at a time and refuses past its backlog', async () => {
    const queue = new ImageQueue(2, 1);
    const releases: (() => void)[] = [];
    const job = () => new Promise<void>((resolve) => releases.push(resolve));
    const a = queue.run(job);
    const b = queue.run(job);
    const c = queue.run(job);
    await assert.rejects(queue.run(job), ImageQueueFull);
    await new Promise((r) => setImmediate(r));
    assert.equal(queue.active, 2);
    assert.equal(queue.waiting, 1);
    releases.shift()!();
    await a;
    await new Promise((r) => setImmediate(r));
    assert.equal(queue.active, 2, 'the freed slot goes to the waiter');
    for (const release of releases.splice(0)) release();
    await Promise.all([b, c]);
    assert.equal(queue.active, 0);
    assert.equal(queue.peak, 2);
  });
});

eachDatabase('media store', (db) => {
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-media-'));
  const now = new Date('2026-12-05T08:00:00Z');

  it('refuses a 16000 × 16000 PNG from its header, in milliseconds', async () => {
    const bomb = pngBomb(16000);
    assert.ok(bomb.length < 1024 * 1024, `the bomb is small (${bomb.length} bytes)`);
    const started = performance.now();
    await assert.rejects(storeUploadedImage(db().db, mediaDir, bomb, {}, now), (err: Error) => {
      assert.ok(err instanceof MediaError);
      assert.match(err.message, /16000 × 16000 pixels \(256 megapixels\).*up to 40 megapixels/);
      return true;
    });
    const ms = performance.now() - started;
    // Decoding it took 43 s and 1.6 GB; reading the header takes a few milliseconds.
    assert.ok(ms < 1500, `refused in ${ms.toFixed(0)} ms`);
    assert.equal((await db().db.selectFrom('media').select('id').execute()).length, 0);
  });

  it('stores parallel uploads two at a time, each with its variants', async () => {
    const uploads = await Promise.all([1, 2, 3, 4, 5, 6].map((seed) => photo(seed).jpeg().toBuffer()));
    const stored = await Promise.all(
      uploads.map((bytes, i) => storeUploadedImage(db().db, mediaDir, bytes, { alt: `photo ${i}` }, now)),
    );
    assert.equal(new Set(stored.map((m) => m.path)).size, 6);
    assert.ok(imageQueue.peak <= 2, `at most two at once (peak ${imageQueue.peak})`);
    for (const media of stored) {
      assert.equal(media.width, 1600);
      const variants = JSON.parse(media.variants) as { width: number; path: string }[];
      assert.deepEqual(
        variants.map((v) => v.width),
        [480, 800, 1200],
      );
      for (const v of variants) assert.ok(fs.existsSync(path.join(mediaDir, v.path)));
    }
  });

  it('strips EXIF and GPS from a still photograph and sets it upright', async () => {
    const bytes = await photo(9, 600, 400).jpeg().withExif(GPS).withMetadata({ orientation: 6 }).toBuffer();
    assert.ok((await sharp(bytes).metadata()).exif, 'the upload carries EXIF');
    const media = await storeUploadedImage(db().db, mediaDir, bytes, {}, now);
    const out = await sharp(fs.readFileSync(path.join(mediaDir, media.path))).metadata();
    assert.equal(out.exif, undefined);
    assert.equal(out.orientation, undefined);
    assert.equal(media.width, 400, 'rotated by its orientation tag');
    assert.equal(media.height, 600);
  });

  for (const format of ['gif', 'webp'] as const) {
    it(`keeps an animated ${format}'s frames and drops its metadata`, async () => {
      const bytes = await animated(format);
      const before = await sharp(bytes).metadata();
      assert.equal(before.pages, 3);
      const media = await storeUploadedImage(db().db, mediaDir, bytes, {}, now);
      const file = fs.readFileSync(path.join(mediaDir, media.path));
      const out = await sharp(file).metadata();
      assert.equal(out.pages, 3);
      assert.equal(out.format, format);
      assert.equal(out.exif, undefined);
      assert.ok(!file.includes(Buffer.from('A photographer')), 'no trace of the EXIF text');
      assert.equal(media.width, 64);
      assert.equal(media.height, 48);
      assert.deepEqual(JSON.parse(media.variants), []);
    });
  }

  it('decides the type by content, not by name', async () => {
    const png = await photo(3, 300, 200).png().toBuffer();
    const media = await storeUploadedImage(db().db, mediaDir, png, { originalName: 'holiday.jpg' }, now);
    assert.equal(media.mime, 'image/png');
    assert.match(media.path, /\.png$/);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    await assert.rejects(
      storeUploadedImage(db().db, mediaDir, svg, { originalName: 'a.png' }, now),
      /not an image Gloss can read/,
    );
    await assert.rejects(
      storeUploadedImage(db().db, mediaDir, Buffer.from('hello'), { originalName: 'a.jpg' }, now),
      /not an image Gloss can read/,
    );
  });
});
