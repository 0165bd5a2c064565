// Migration fidelity: every Blogger and WordPress export of ../shared/corpora imported on both
// databases, and every address the old blog had — posts, pages, label pages, month and year
// archives, feeds (all posts, per label, per post's comments) and WordPress's /?p=ID — answers
// 200 or redirects (at most three hops) to a page that does, a post's address to a post's page.
// The addresses are read from each export with plain regular expressions, not the importer.
// 62 files and ~1,840 addresses per database; about 30 s of CPU for both databases, whose wall
// time depends on the machine's load (it is the one test that imports every corpus file twice).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { runImport } from '../src/import/run.ts';
import {
  bloggerEntries,
  CORPORA,
  corpusFiles,
  corpusSkip,
  resetContent,
} from '../src/import/test-support.ts';
import { eachDatabase } from './helpers/databases.ts';

const BROKEN = new Set([
  'jekyll-import-snippet-broken-1.xml',
  'jekyll-import-snippet-broken-2.xml',
  'malformed.xml',
  'malformed-simple.xml',
]);
const NOW = Date.now();
const ORIGIN = 'http://blog.test';

interface Address {
  path: string;
  /** A post's or page's own address: it must end on a post page. */
  post: boolean;
}

function decodeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

function pathOf(url: string): string | null {
  try {
    const u = new URL(url, 'http://old.invalid');
    return u.pathname + u.search;
  } catch {
    return null;
  }
}

function archives(out: Map<string, Address>, postPath: string) {
  const m = /^\/(\d{4})\/(\d{2})\//.exec(postPath);
  if (!m) return;
  out.set(`/${m[1]}/`, { path: `/${m[1]}/`, post: false });
  out.set(`/${m[1]}/${m[2]}/`, { path: `/${m[1]}/${m[2]}/`, post: false });
}

function label(out: Map<string, Address>, name: string) {
  const enc = encodeURIComponent(name);
  out.set(`/search/label/${enc}`, { path: `/search/label/${enc}`, post: false });
  out.set(`/feeds/posts/default/-/${enc}`, { path: `/feeds/posts/default/-/${enc}`, post: false });
}

function bloggerAddresses(xml: string): Address[] {
  const out = new Map<string, Address>();
  for (const feed of ['/feeds/posts/default', '/feeds/comments/default'])
    out.set(feed, { path: feed, post: false });
  for (const e of bloggerEntries(xml)) {
    if ((e.kind !== 'post' && e.kind !== 'page') || e.draft || !e.alternate) continue;
    if (e.published && Date.parse(e.published) > NOW) continue;
    const p = pathOf(e.alternate);
    if (!p || p === '/') continue;
    out.set(p, { path: p, post: true });
    if (e.kind === 'post') archives(out, p);
    for (const l of e.labels) label(out, l);
    const id = /post-(\d+)$/.exec(e.id ?? '')?.[1];
    if (id && e.kind === 'post') {
      out.set(`/feeds/${id}/comments/default`, { path: `/feeds/${id}/comments/default`, post: false });
    }
  }
  return [...out.values()];
}

function wordpressAddresses(xml: string): Address[] {
  const out = new Map<string, Address>();
  out.set('/feeds/posts/default', { path: '/feeds/posts/default', post: false });
  // An id given to two items is ambiguous (the importer keeps the first whole item): skipped here.
  const ids = [...xml.matchAll(/<wp:post_id>\s*(\d+)\s*<\/wp:post_id>/g)].map((m) => m[1]!);
  const twice = new Set(ids.filter((id, i) => ids.indexOf(id) !== i));
  const seen = new Set<string>();
  for (const chunk of xml.split(/<item(?=[\s>])/).slice(1)) {
    const item = chunk.slice(0, chunk.indexOf('</item>'));
    // An item that binds wp: to another namespace is not WordPress's (the importer skips it).
    if (/^[^>]*xmlns:wp=/.test(item)) continue;
    const field = (name: string) =>
      decodeXml(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(item)?.[1] ?? '').trim();
    const type = field('wp:post_type');
    const id = field('wp:post_id');
    if (type !== 'post' && type !== 'page') continue;
    if (id && (seen.has(id) || twice.has(id))) continue;
    if (id) seen.add(id);
    if (field('wp:status') !== 'publish' || field('wp:post_password')) continue;
    const date = field('wp:post_date_gmt');
    if (date && !date.startsWith('0000') && Date.parse(`${date.replace(' ', 'T')}Z`) > NOW) continue;
    const link = pathOf(field('link'));
    if (link && link !== '/') out.set(link, { path: link, post: true });
    if (id) {
      const q = type === 'page' ? `/?page_id=${id}` : `/?p=${id}`;
      out.set(q, { path: q, post: true });
    }
    if (type !== 'post') continue;
    for (const m of item.matchAll(
      /<category\b[^>]*domain=["'](?:category|post_tag)["'][^>]*>([\s\S]*?)<\/category>/g,
    )) {
      const name = decodeXml(m[1]!).trim();
      if (name) label(out, decodeXml(name));
    }
  }
  return [...out.values()];
}

const FILES = [
  ...corpusFiles('blogger').map((file) => ({ file, format: 'blogger' as const })),
  ...corpusFiles('wordpress').map((file) => ({ file, format: 'wordpress' as const })),
].filter(({ file }) => !BROKEN.has(path.basename(file)));

describe('migration fidelity', { skip: corpusSkip('blogger') || corpusSkip('wordpress') }, () => {
  eachDatabase('every old address of every export', (store, kind) => {
    let app: ReturnType<typeof createApp>['app'];
    let checked = 0;
    let started = 0;
    before(() => {
      app = createApp({ store: store(), config: loadConfig({}, process.cwd()) }).app;
      started = performance.now();
    });
    after(() => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `# migration fidelity [${kind}]: ${FILES.length} files, ${checked} addresses, ${seconds} s`,
      );
    });

    /** Follows redirects in process; the final status and path. */
    async function land(start: string): Promise<{ status: number; path: string; hops: number }> {
      let at = start;
      for (let hops = 0; hops <= 3; hops++) {
        const res = await app.request(`${ORIGIN}${at}`);
        if (res.status !== 301 && res.status !== 302) return { status: res.status, path: at, hops };
        const to = res.headers.get('location') ?? '';
        at = to.startsWith(ORIGIN) ? to.slice(ORIGIN.length) : to;
      }
      return { status: 0, path: at, hops: 4 };
    }

    for (const { file, format } of FILES) {
      const name = path.relative(CORPORA, file);
      it(`answers every old address of ${name}`, async () => {
        await resetContent(store());
        await runImport({ store: store(), file, format });
        const xml = fs.readFileSync(file, 'utf8');
        const addresses = format === 'blogger' ? bloggerAddresses(xml) : wordpressAddresses(xml);
        const wrong: string[] = [];
        for (const address of addresses) {
          const end = await land(address.path);
          checked++;
          if (end.status !== 200) wrong.push(`${address.path} → ${end.status} at ${end.path}`);
          else if (address.post && !/^\/(?:p|\d{4}\/\d{2})\/[^/]+\.html$/.test(end.path.split('?')[0]!)) {
            wrong.push(`${address.path} → ${end.path}, not a post's page`);
          }
        }
        assert.deepEqual(wrong.slice(0, 15), [], `${wrong.length} of ${addresses.length} addresses`);
      });
    }
  });
});
