// The clipper measured against a peer's test suite: Mozilla Readability's 130 test pages
// (../shared/corpora/readability/test-pages/), served from 127.0.0.1 and clipped through the real
// fetcher and extractor. Prints a table of scores; asserts floors a little below what was measured,
// so a regression fails without pinning exact numbers.
//
// How it compares (only pages whose expected value is non-null count):
// - title, siteName: exact after trimming and collapsing whitespace;
// - byline: our authors joined with ", " against Readability's byline string, (strict) after
//   trimming and collapsing whitespace, (lenient) also ignoring case, a leading "By", "and"
//   between names and a date printed after the names (we keep names only);
// - publishedTime: the same instant when both read as dates, else the same trimmed string;
// - body: token-level F1 between the visible text of our bodyHtml and of expected.html (tokens
//   are lower-cased runs of letters, digits and marks; each Han, kana, Thai or Khmer character is
//   a token of its own, as those scripts do not space words).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { type ExtractedArticle, extractArticle, withoutDateline } from '../src/clippings/extract.ts';
import { fetchPage } from '../src/clippings/fetch.ts';

const CORPUS = path.resolve('../shared/corpora/readability/test-pages');
const present = fs.existsSync(CORPUS);
const skip =
  !present && process.env.CI !== 'true'
    ? `the Readability corpus is not at ${CORPUS} (it lives in the shared folder beside the project)`
    : false;

const FLOORS = { title: 0.97, byline: 0.88, siteName: 0.95, publishedTime: 0.95, bodyF1: 0.98 };

interface Expected {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedTime: string | null;
}

type Field = 'title' | 'byline' | 'siteName' | 'publishedTime';

describe('clipping the Readability test pages', { skip }, () => {
  let server: http.Server;
  let base = '';

  before(async () => {
    assert.ok(present, `CI=true and the Readability corpus is missing at ${CORPUS}`);
    server = http.createServer((req, res) => {
      const name = decodeURIComponent((req.url ?? '').split('/')[1] ?? '');
      const file = path.join(CORPUS, name, 'source.html');
      if (!name || name.includes('..') || !fs.existsSync(file)) {
        res.writeHead(404);
        res.end();
        return;
      }
      // The files are UTF-8 whatever their <meta> says (qq's says gb2312), as Mozilla reads them.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      fs.createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('extracts titles, bylines, site names, dates and bodies as Readability’s authors expect', async () => {
    const names = fs.readdirSync(CORPUS).filter((n) => fs.existsSync(path.join(CORPUS, n, 'source.html')));
    const score: Record<Field | 'bylineLenient', { hit: number; total: number }> = {
      title: { hit: 0, total: 0 },
      byline: { hit: 0, total: 0 },
      bylineLenient: { hit: 0, total: 0 },
      siteName: { hit: 0, total: 0 },
      publishedTime: { hit: 0, total: 0 },
    };
    const misses: string[] = [];
    const similarities: { name: string; f1: number }[] = [];
    const images = { image: 0, caption: 0, credit: 0 };
    const failures: string[] = [];
    const started = performance.now();

    for (const name of names.sort()) {
      const expected = JSON.parse(
        fs.readFileSync(path.join(CORPUS, name, 'expected-metadata.json'), 'utf8'),
      ) as Expected;
      let article: ExtractedArticle | null = null;
      try {
        const page = await fetchPage(`${base}/${encodeURIComponent(name)}/page.html`, { allowPrivate: true });
        article = extractArticle(page.html, page.url);
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message}`);
      }
      const got: Record<Field, string | null> = {
        title: article?.title ?? null,
        byline: article ? article.source.authors.join(', ') : null,
        siteName: article?.source.outlet ?? null,
        publishedTime: article?.source.date ?? null,
      };
      for (const field of ['title', 'byline', 'siteName', 'publishedTime'] as const) {
        const want = expected[field];
        if (want === null || want === undefined) continue;
        score[field].total++;
        const ok = same(field, got[field], want);
        if (ok) score[field].hit++;
        else
          misses.push(`${name} ${field}: ${JSON.stringify(got[field])} ≠ ${JSON.stringify(collapse(want))}`);
        if (field === 'byline') {
          score.bylineLenient.total++;
          if (ok || lenientByline(got.byline, want)) score.bylineLenient.hit++;
        }
      }
      const expectedText = visibleText(fs.readFileSync(path.join(CORPUS, name, 'expected.html'), 'utf8'));
      similarities.push({ name, f1: article ? tokenF1(visibleText(article.bodyHtml), expectedText) : 0 });
      if (article?.image?.src) images.image++;
      if (article?.image?.caption) images.caption++;
      if (article?.image?.credit) images.credit++;
    }

    const seconds = (performance.now() - started) / 1000;
    const meanF1 = similarities.reduce((sum, s) => sum + s.f1, 0) / similarities.length;
    const share = (f: keyof typeof score) => score[f].hit / score[f].total;
    console.log(`\nReadability corpus: ${names.length} pages clipped in ${seconds.toFixed(1)} s`);
    console.table({
      title: row(score.title),
      'byline (strict)': row(score.byline),
      'byline (lenient)': row(score.bylineLenient),
      siteName: row(score.siteName),
      publishedTime: row(score.publishedTime),
    });
    const worst = [...similarities].sort((a, b) => a.f1 - b.f1).slice(0, 5);
    console.log(
      `body text similarity (token F1): mean ${meanF1.toFixed(4)}, ` +
        `${similarities.filter((s) => s.f1 >= 0.9).length}/${similarities.length} pages ≥ 0.90; lowest: ` +
        worst.map((s) => `${s.name} ${s.f1.toFixed(3)}`).join(', '),
    );
    console.log(
      `lead images: ${images.image} pages with an image, ${images.caption} with a caption, ${images.credit} with a credit`,
    );
    if (misses.length) console.log(`metadata that differs:\n  ${misses.join('\n  ')}`);

    assert.deepEqual(failures, [], 'every page can be clipped');
    assert.ok(share('title') >= FLOORS.title, `titles ${share('title')}`);
    assert.ok(share('bylineLenient') >= FLOORS.byline, `bylines ${share('bylineLenient')}`);
    assert.ok(share('siteName') >= FLOORS.siteName, `site names ${share('siteName')}`);
    assert.ok(share('publishedTime') >= FLOORS.publishedTime, `dates ${share('publishedTime')}`);
    assert.ok(meanF1 >= FLOORS.bodyF1, `body similarity ${meanF1}`);
  });
});

function row(s: { hit: number; total: number }) {
  return { exact: s.hit, of: s.total, share: `${((100 * s.hit) / s.total).toFixed(1)}%` };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function same(field: Field, got: string | null, want: string): boolean {
  if (got === null) return false;
  if (collapse(got) === collapse(want)) return true;
  if (field === 'publishedTime') {
    const a = Date.parse(got);
    return !Number.isNaN(a) && a === Date.parse(want);
  }
  return false;
}

function lenientByline(got: string | null, want: string): boolean {
  const norm = (s: string) =>
    withoutDateline(collapse(s))
      .toLowerCase()
      .replace(/^(by|written by)\s+/, '')
      .replace(/\s+(and|&)\s+/g, ', ');
  return got !== null && norm(got) === norm(want);
}

function visibleText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.body?.textContent ?? '';
}

const TOKEN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Khmer}]|[\p{L}\p{N}\p{M}]+/gu;

/** F1 of the two texts' token multisets: 1 when they hold the same words, however ordered. */
function tokenF1(ours: string, expected: string): number {
  const a = ours.toLowerCase().match(TOKEN) ?? [];
  const b = expected.toLowerCase().match(TOKEN) ?? [];
  if (a.length === 0 && b.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of a) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / a.length;
  const recall = common / b.length;
  return (2 * precision * recall) / (precision + recall);
}
