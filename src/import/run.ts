// One import from start to end: open the file, read it as a stream of items, store them in ONE
// transaction (a failure anywhere leaves the database as it was; --dry-run rolls back on purpose
// after counting), then build the search index for what changed, SEARCH_BATCH posts per short
// transaction (searches meanwhile index what they need first), then report. Image downloads, when asked for, run after the commit in small
// steps of their own, so a slow image host never holds the blog's write lock.
import { catchUp } from '../search/indexer.ts';
import { readSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';
import { withStatementCache } from '../storage/dialects/sqlite-statements.ts';
import type { Database } from '../storage/schema.ts';
import { readBlogger } from './blogger/read.ts';
import { ImportError } from './errors.ts';
import { type DownloadOptions, downloadPostImages } from './images.ts';
import type { ImportItem } from './model.ts';
import { openTextSource, type TextSource } from './source.ts';
import { emptySummary, type ImportSummary } from './summary.ts';
import { readInWorker, type ThreadedRead } from './threaded-items.ts';
import { withTightHeap } from './tight-heap.ts';
import { readWordpress } from './wordpress/read.ts';
import { ImportWriter, type SettingsMode } from './writer.ts';
import { XmlRecordReader } from './xml/reader.ts';

export type XmlImportFormat = 'blogger' | 'wordpress';

/** Posts indexed for search per transaction after the import commits. */
const SEARCH_BATCH = 500;

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  posts: number;
  comments: number;
}

export interface RunImportOptions {
  store: Store;
  file: string;
  format: XmlImportFormat;
  dryRun?: boolean;
  onProgress?: (p: ImportProgress) => void;
  /** Copy images into the media folder after the import (not in a dry run). */
  download?: DownloadOptions;
  /** keep (the default): settings the editor changed stay; replace: the export's win. */
  settings?: SettingsMode;
  /**
   * Read the file in a worker thread beside the writer (false by default: the thread's own heap
   * cost about 110 MB more at 10,000 posts for about 11 % speed, and an import must stay under
   * its memory bound; tests run both ways).
   */
  readerThread?: boolean;
  /** The clock: what counts as the future (scheduled posts), when authors and images are added. */
  now?: () => Date;
}

class DryRunRollback extends Error {}

export async function runImport(options: RunImportOptions): Promise<ImportSummary> {
  return withTightHeap(() => importFile(options));
}

async function importFile(options: RunImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const source = openTextSource(options.file);
  checkFormat(source, options.format);
  const summary = emptySummary(
    options.format === 'blogger' ? 'Blogger' : 'WordPress',
    Boolean(options.dryRun),
  );
  const { timeZone } = await readSettings(options.store.db);
  let touched: number[] = [];
  let bytesRead = () => 0;
  // On SQLite the import reuses its prepared statements (a third of the time otherwise).
  const db = options.store.sqlite ? withStatementCache<Database>(options.store.sqlite) : options.store.db;
  try {
    await db.transaction().execute(async (trx) => {
      const writer = new ImportWriter(trx, summary, timeZone, now, options.settings);
      await writer.start();
      const read = readItems(source, options.format, now, options.readerThread ?? false);
      bytesRead = read.bytesRead;
      let lastReport = 0;
      for await (const item of read.items) {
        await writer.write(item);
        const now = performance.now();
        if (options.onProgress && now - lastReport > 200) {
          lastReport = now;
          options.onProgress(progressOf(source.size, bytesRead(), summary));
        }
      }
      await writer.finish();
      summary.notes.unshift(...read.notes());
      touched = writer.postIdsSeen;
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  options.onProgress?.(progressOf(source.size, bytesRead(), summary));
  if (!options.dryRun) {
    const indexing = performance.now();
    for (
      let n = await catchUp(options.store.db, SEARCH_BATCH);
      n > 0;
      n = await catchUp(options.store.db, SEARCH_BATCH)
    )
      summary.searchIndexed += n;
    summary.searchSeconds = (performance.now() - indexing) / 1000;
  }
  if (options.download && options.dryRun) summary.notes.push('A dry run downloads no images.');
  if (options.download && !options.dryRun) {
    summary.images = await downloadPostImages(options.store, touched, options.download, now);
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The file's items, read in a worker thread or inline. */
function readItems(
  source: TextSource,
  format: XmlImportFormat,
  now: () => Date,
  thread: boolean,
): ThreadedRead {
  if (thread) return readInWorker(source.file, format, now());
  const reader = new XmlRecordReader({ recordDepth: format === 'blogger' ? 1 : 2 });
  const items: AsyncGenerator<ImportItem> =
    format === 'blogger' ? readBlogger(source, reader, now) : readWordpress(source, reader);
  return { items, bytesRead: () => source.bytesRead(), notes: () => reader.notes };
}

function progressOf(totalBytes: number, bytes: number, summary: ImportSummary): ImportProgress {
  const t = summary.posts;
  const p = summary.pages;
  const c = summary.comments;
  return {
    bytes,
    totalBytes,
    posts: t.created + t.updated + t.unchanged + p.created + p.updated + p.unchanged + summary.merged.length,
    comments: c.created + c.updated + c.unchanged,
  };
}

/** A clear word when the file is plainly of the other kind (or not an export at all). */
function checkFormat(source: TextSource, format: XmlImportFormat): void {
  const head = source.head.replace(/<!--[\s\S]*?-->/g, '');
  const wxr = /<rss[\s>]/.test(head) || /wordpress\.org\/export/.test(head);
  const atom = /<feed[\s>]/.test(head);
  if (format === 'blogger' && wxr && !atom) {
    throw new ImportError('this is a WordPress export (WXR): import it with "gloss import wordpress"');
  }
  if (format === 'wordpress' && atom && !wxr) {
    throw new ImportError('this is an Atom feed (a Blogger export?): import it with "gloss import blogger"');
  }
  if (/^\s*[{[]/.test(head)) {
    throw new ImportError('this is JSON, not XML: a Gloss export is imported with "gloss import json"');
  }
  // Text before any markup: say so at the first character, where the file first goes wrong.
  const first = /^(\uFEFF?\s*)([^<\s])/.exec(source.head);
  if (first) {
    const before = first[1]!.replace(/^\uFEFF/, '');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const start = source.head
      .slice(first.index + first[1]!.length)
      .split('\n')[0]!
      .trim()
      .slice(0, 40);
    throw new ImportError(`this is not an XML file: it starts with text ("${start}"), not an element`, {
      line,
      column,
    });
  }
}
