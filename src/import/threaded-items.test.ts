// The reader in a worker thread yields exactly what the inline reader yields, in the same order,
// for every Blogger and WordPress corpus file; a broken file fails with the same message and
// line; and an import through the thread stores the same blog as one read inline (both DBs).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { readBlogger } from './blogger/read.ts';
import type { ImportItem } from './model.ts';
import { runImport } from './run.ts';
import { openTextSource } from './source.ts';
import { CORPORA, corpusFiles, corpusSkip, fingerprint, resetContent } from './test-support.ts';
import { readInWorker } from './threaded-items.ts';
import { readWordpress } from './wordpress/read.ts';
import { XmlRecordReader } from './xml/reader.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const skip = corpusSkip('blogger') || corpusSkip('wordpress');
const BROKEN = /snippet-broken/;

async function inline(file: string, format: 'blogger' | 'wordpress') {
  const source = openTextSource(file);
  const reader = new XmlRecordReader({ recordDepth: format === 'blogger' ? 1 : 2 });
  const items: ImportItem[] = [];
  const gen = format === 'blogger' ? readBlogger(source, reader, () => NOW) : readWordpress(source, reader);
  for await (const item of gen) items.push(item);
  return { items, notes: reader.notes };
}

async function threaded(file: string, format: 'blogger' | 'wordpress') {
  const read = readInWorker(file, format, NOW);
  const items: ImportItem[] = [];
  for await (const item of read.items) items.push(item);
  return { items, notes: read.notes(), bytes: read.bytesRead() };
}

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    return `${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
  return 'no error';
}

describe('reading an export in a worker thread', { skip }, () => {
  const files = [
    ...corpusFiles('blogger').map((f) => [f, 'blogger'] as const),
    ...corpusFiles('wordpress').map((f) => [f, 'wordpress'] as const),
  ];

  it('yields the inline reader’s items and notes, file by file', async () => {
    let compared = 0;
    for (const [file, format] of files) {
      if (BROKEN.test(file)) continue;
      const a = await inline(file, format).catch((err: Error) => err);
      const b = await threaded(file, format).catch((err: Error) => err);
      if (a instanceof Error) {
        assert.ok(b instanceof Error, `${file}: the thread read a file the inline reader refuses`);
        assert.equal(b.message, a.message, file);
        continue;
      }
      assert.ok(!(b instanceof Error), `${file}: ${(b as Error).message}`);
      assert.deepEqual(b.items, a.items, file);
      assert.deepEqual(b.notes, a.notes, file);
      assert.ok(b.bytes > 0, `${file}: progress in bytes`);
      compared++;
    }
    assert.ok(compared >= 10, `compared ${compared} files`);
  });

  it('fails on a broken file with the same ImportError and line as inline', async () => {
    for (const file of corpusFiles('blogger').filter((f) => BROKEN.test(f))) {
      const a = await failure(() => inline(file, 'blogger'));
      const b = await failure(() => threaded(file, 'blogger'));
      assert.match(a, /^ImportError: line \d+/);
      assert.equal(b, a, file);
    }
  });

  it('stops the thread when the writer stops early', async () => {
    const read = readInWorker(
      path.join(CORPORA, 'blogger/blogger2jekyll-blog-03-28-2014.xml'),
      'blogger',
      NOW,
    );
    for await (const _ of read.items) break;
  });
});

eachDatabase('an import read in a worker thread', (db) => {
  it('stores the same blog as one read inline', { skip }, async () => {
    const store = db();
    const fingerprints: string[] = [];
    for (const readerThread of [false, true]) {
      await resetContent(store);
      for (const file of [
        'blogger/blogger2jekyll-blog-formatted.xml',
        'wordpress/theme-test-data/themeunittestdata.wordpress.xml',
      ]) {
        const format = file.startsWith('blogger') ? 'blogger' : 'wordpress';
        await runImport({ store, file: path.join(CORPORA, file), format, readerThread, now: () => NOW });
      }
      // The second run's ids continue from the first's: compare everything else, in id order.
      fingerprints.push((await fingerprint(store)).replace(/"(\w*_?id)":\d+/g, '"$1":#'));
    }
    assert.equal(fingerprints[1], fingerprints[0]);
  });
});
