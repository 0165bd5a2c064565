// The feed reader against ../shared/corpora/feeds (real feeds, feedparser's and the W3C
// validator's cases), compared with Python feedparser, the reference: for every file, does Gloss
// find the same number of entries, and when it refuses a file, does it say why? rss-parser is
// measured beside it on the same files (why feedsmith was chosen). Prints the shares.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import Parser from 'rss-parser';
import { decodeXml } from '../src/clippings/fetch.ts';
import { FeedParseError, parseFeedText } from '../src/sources/parse.ts';

const CORPUS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpora', 'feeds');
const PYTHON = '/usr/bin/python3';
const present = fs.existsSync(CORPUS);
const skip =
  present || process.env.CI === 'true'
    ? false
    : `the feed corpus is absent (${CORPUS}); see ../shared/corpora`;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full);
    return /\.(xml|rss|atom|rdf|json|html)$/i.test(e.name) ? [full] : [];
  });
}

const FEEDPARSER = `
import sys, json, feedparser
for line in sys.stdin:
    p = line.rstrip('\\n')
    with open(p, 'rb') as f:
        d = feedparser.parse(f.read())
    print(json.dumps({'file': p, 'bozo': bool(d.bozo), 'entries': len(d.entries), 'version': d.version or ''}))
`;

it('reads the corpus as feedparser does, and says why when it refuses', {
  skip,
  timeout: 240_000,
}, async () => {
  const all = files(CORPUS).sort();
  const run = spawnSync(PYTHON, ['-c', FEEDPARSER], {
    input: all.join('\n'),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  assert.equal(run.status, 0, `feedparser could not run (${PYTHON} -c "import feedparser"): ${run.stderr}`);
  const reference = new Map<string, { bozo: boolean; entries: number }>(
    run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map((r) => [r.file, r]),
  );
  const rss = new Parser();
  let same = 0;
  let refused = 0;
  let refusedWithoutReason = 0;
  let entries = 0;
  let rssSame = 0;
  const misses: string[] = [];
  for (const file of all) {
    const expected = reference.get(file)!;
    const { text } = decodeXml(fs.readFileSync(file));
    let ours: number | null = null;
    try {
      ours = parseFeedText(text, 'http://example.com/feed').entries.length;
      entries += ours;
    } catch (err) {
      assert.ok(err instanceof FeedParseError, `${file}: ${(err as Error).stack}`);
      refused++;
      if (!(err as Error).message.trim()) refusedWithoutReason++;
    }
    // A refusal agrees with feedparser when feedparser found nothing either.
    if ((ours ?? 0) === expected.entries) same++;
    else if (misses.length < 15)
      misses.push(
        `${path.relative(CORPUS, file)}: ours ${ours ?? 'refused'}, feedparser ${expected.entries}`,
      );
    let theirs = 0;
    try {
      theirs = (await rss.parseString(text)).items?.length ?? 0;
    } catch {
      theirs = 0;
    }
    if (theirs === expected.entries) rssSame++;
  }
  const pct = (n: number) => `${((100 * n) / all.length).toFixed(1)}%`;
  console.log(
    `feeds corpus: ${all.length} files; entry counts as feedparser: Gloss (feedsmith) ${same} (${pct(same)}), rss-parser ${rssSame} (${pct(rssSame)}); refused with a reason: ${refused}; entries found: ${entries}`,
  );
  if (misses.length) console.log(`first disagreements:\n  ${misses.join('\n  ')}`);
  assert.equal(refusedWithoutReason, 0, 'every refusal says why');
  assert.ok(same / all.length >= 0.85, `agreement with feedparser fell to ${pct(same)}`);
  assert.ok(same >= rssSame, 'feedsmith still agrees with feedparser at least as often as rss-parser');
});
