// One measurement of bench/import.bench.ts, in a process of its own so its peak memory is its own:
//   parse   FILE        saxes alone over the file, doing nothing with it (the baseline)
//   read    FILE        Gloss's Blogger reader (records, items), storing nothing
//   import  FILE URL [blogger|wordpress]   the whole import into the (empty) database at URL
// Prints one JSON line: wall and CPU seconds, peak RSS, RSS samples through the file, counts.
import fs from 'node:fs';
import { SaxesParser } from 'saxes';
import { readBlogger } from '../../src/import/blogger/read.ts';
import { runImport } from '../../src/import/run.ts';
import { openTextSource } from '../../src/import/source.ts';
import { XmlRecordReader } from '../../src/import/xml/reader.ts';
import { openStore } from '../../src/storage/db.ts';

const [mode, file, url, format = 'blogger'] = process.argv.slice(2) as [
  string,
  string,
  string | undefined,
  string | undefined,
];
if (format !== 'blogger' && format !== 'wordpress') throw new Error(`unknown format ${format}`);
const size = fs.statSync(file).size;
const samples: { at: number; rssMb: number }[] = [];
let nextSample = 0.1;
const sample = (fraction: number) => {
  if (fraction < nextSample) return;
  samples.push({ at: Math.round(fraction * 100), rssMb: Math.round(process.memoryUsage().rss / 1048576) });
  nextSample += 0.2;
};

const started = performance.now();
let counts: Record<string, number> = {};
if (mode === 'parse') {
  const parser = new SaxesParser({ xmlns: true });
  let elements = 0;
  parser.on('opentag', () => {
    elements++;
  });
  let read = 0;
  const decoder = new TextDecoder();
  for await (const chunk of fs.createReadStream(file, {
    highWaterMark: 256 * 1024,
  }) as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
    read += chunk.length;
    sample(read / size);
  }
  parser.close();
  counts = { elements };
} else if (mode === 'read') {
  const source = openTextSource(file);
  let items = 0;
  for await (const _ of readBlogger(source, new XmlRecordReader({ recordDepth: 1 }), () => new Date())) {
    items++;
    sample(source.bytesRead() / size);
  }
  counts = { items };
} else {
  const store = await openStore(url!);
  const summary = await runImport({
    store,
    file,
    format,
    onProgress: (p) => sample(p.bytes / p.totalBytes),
  });
  const duplicates = (what: string) =>
    summary.skipped.get(`${what}: a second entry with the id of an earlier one`) ?? 0;
  counts = {
    posts: summary.posts.created,
    comments: summary.comments.created,
    duplicatePosts: duplicates('post'),
    duplicateComments: duplicates('comment'),
  };
  await store.close();
}
const seconds = (performance.now() - started) / 1000;
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    mode,
    seconds,
    // On a shared machine wall time includes waiting for a core: CPU time says what the job cost.
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    samples,
    counts,
  }),
);
