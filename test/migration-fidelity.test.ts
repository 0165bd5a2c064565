// Migration fidelity: every Blogger and WordPress export of ../shared/corpora imported on both
// databases, and every address the old blog had — posts, pages, label pages, month and year
// archives, feeds (all posts, per label, per post's comments) and WordPress's /?p=ID — answers
// 200 or redirects (at most three hops) to a page that does, a post's address to a post's page.
// The addresses are read from each export with plain regular expressions, not the importer.
// Each published post's and page's own page (every one: ~390 per database, parsed with linkedom)
// must also show the export's title (as text, whitespace folded), its labels (as a set) and its
// comment count — the heading and the comments listed — counted from the export under the rules
// at bloggerCommentsShown and wordpressCommentsShown (spam, pending, trashed comments and
// pingbacks are not shown), never read back from the database.
// 62 files and ~1,840 addresses per database; about 30 s of CPU for both databases, whose wall
// time depends on the machine's load (it is the one test that imports every corpus file twice).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
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
  /** What the page it lands on must show, read from the export (on one address per post). */
  shows?: Shown;
}

/** A post's or page's title, labels and comment count as the export gives them. */
interface Shown {
  kind: 'post' | 'page';
  title: string;
  /** true when the export's title is HTML (WordPress's post_title, Blogger's type="html"). */
  htmlTitle: boolean;
  labels: string[];
  /** Comments a reader sees: approved ones that are comments (see the rules at commentsShown*). */
  comments: number;
  /** true when the post has no body: an empty title then becomes "(untitled)". */
  emptyBody: boolean;
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

/**
 * A Blogger export's visible comments per post entry id. Rules (each a real difference from a
 * raw count of comment entries): a trashed comment (blogger:trashed) or one whose Takeout status
 * is not LIVE (SPAM, PENDING…) is not shown; a comment without a <published> date cannot be
 * placed and is skipped by the importer (it says so in its summary).
 */
function bloggerCommentsShown(xml: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of bloggerChunks(xml)) {
    if (!/kind#comment['"]/.test(entry) && !/<blogger:type>\s*COMMENT\s*</.test(entry)) continue;
    if (/<blogger:trashed\b/.test(entry)) continue;
    const status = /<blogger:status>\s*([A-Z]+)\s*</.exec(entry)?.[1];
    if (status && status !== 'LIVE') continue;
    if (!/<published>\s*\S/.test(entry)) continue;
    const ref =
      /<blogger:parent>\s*([^<\s]+)\s*</.exec(entry)?.[1] ??
      /<thr:in-reply-to\b[^>]*\bref=['"]([^'"]+)['"]/.exec(entry)?.[1];
    if (ref) counts.set(ref.trim(), (counts.get(ref.trim()) ?? 0) + 1);
  }
  return counts;
}

/** The text of each <entry> of a Blogger export, in the order bloggerEntries reads them. */
function bloggerChunks(xml: string): string[] {
  return xml
    .split(/<entry[\s>]/)
    .slice(1)
    .map((e) => e.slice(0, e.search(/<\/entry>|$/)));
}

/** An entry's own <title> and whether its <content> is empty, decoded. */
function bloggerTitle(entry: string): { title: string; html: boolean; emptyBody: boolean } {
  const m = /<title\b([^>]*?)(?:\/>|>([\s\S]*?)<\/title>)/.exec(entry);
  const type = /type=['"]([^'"]+)['"]/.exec(m?.[1] ?? '')?.[1] ?? 'text';
  const body = /<content\b[^>]*?(?:\/>|>([\s\S]*?)<\/content>)/.exec(entry)?.[1] ?? '';
  return { title: decodeXml(m?.[2] ?? ''), html: type === 'html', emptyBody: !decodeXml(body).trim() };
}

function bloggerAddresses(xml: string): Address[] {
  const out = new Map<string, Address>();
  for (const feed of ['/feeds/posts/default', '/feeds/comments/default'])
    out.set(feed, { path: feed, post: false });
  const comments = bloggerCommentsShown(xml);
  const chunks = bloggerChunks(xml);
  for (const [i, e] of bloggerEntries(xml).entries()) {
    if ((e.kind !== 'post' && e.kind !== 'page') || e.draft || !e.alternate) continue;
    if (e.published && Date.parse(e.published) > NOW) continue;
    const p = pathOf(e.alternate);
    if (!p || p === '/') continue;
    const { title, html, emptyBody } = bloggerTitle(chunks[i]!);
    out.set(p, {
      path: p,
      post: true,
      shows: {
        kind: e.kind === 'page' ? 'page' : 'post',
        title,
        htmlTitle: html,
        labels: e.labels,
        // A comment names the entry it answers by ".post-N" even when that entry is a page
        // (".page-N", the same N): Blogger's page and post ids share one sequence.
        comments: e.id ? (comments.get(e.id.replace(/\.page-(\d+)$/, '.post-$1')) ?? 0) : 0,
        emptyBody,
      },
    });
    if (e.kind === 'post') archives(out, p);
    for (const l of e.labels) label(out, l);
    const id = /post-(\d+)$/.exec(e.id ?? '')?.[1];
    if (id && e.kind === 'post') {
      out.set(`/feeds/${id}/comments/default`, { path: `/feeds/${id}/comments/default`, post: false });
    }
  }
  return [...out.values()];
}

/**
 * The comments of one WordPress item a reader sees. Rules: only comment_approved 1 (or
 * "approve") is shown — 0 is pending, "spam" is spam, "trash"/"post-trashed" are deleted, all
 * kept for the moderator but not on the page; pingbacks and trackbacks are links from other blogs,
 * which Gloss does not import as comments (its import summary lists them as skipped).
 */
function wordpressCommentsShown(item: string): number {
  let n = 0;
  for (const m of item.matchAll(/<wp:comment>([\s\S]*?)<\/wp:comment>/g)) {
    const field = (name: string) =>
      decodeXml(new RegExp(`<wp:${name}>([\\s\\S]*?)</wp:${name}>`).exec(m[1]!)?.[1] ?? '').trim();
    const type = field('comment_type');
    if (type === 'pingback' || type === 'trackback') continue;
    const approved = field('comment_approved');
    if (approved === '1' || approved === 'approve') n++;
  }
  return n;
}

/**
 * An item's labels: its categories and tags (domain "category", "post_tag" or WXR 1.0's "tag"; a
 * <category> with no domain is a category in WXR 1.0), as WordPress shows them (names are HTML).
 */
function wordpressLabels(item: string): string[] {
  return [...item.matchAll(/<category\b([^>]*)>([\s\S]*?)<\/category>/g)]
    .filter((m) => {
      const domain = /domain=["']([^"']*)["']/.exec(m[1]!)?.[1];
      return domain === undefined || domain === 'category' || domain === 'post_tag' || domain === 'tag';
    })
    .map((m) => normal(htmlText(decodeXml(m[2]!))))
    .filter(Boolean);
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
    const shows: Shown = {
      kind: type,
      title: field('title'),
      htmlTitle: true,
      labels: wordpressLabels(item),
      comments: wordpressCommentsShown(item),
      emptyBody: !field('content:encoded'),
    };
    const link = pathOf(field('link'));
    const q = id ? (type === 'page' ? `/?page_id=${id}` : `/?p=${id}`) : null;
    if (link && link !== '/') out.set(link, { path: link, post: true, shows });
    if (q) out.set(q, { path: q, post: true, shows: link && link !== '/' ? undefined : shows });
    if (type !== 'post') continue;
    for (const name of wordpressLabels(item)) label(out, name);
  }
  return [...out.values()];
}

/** Whitespace runs as one space, trimmed: how a title or label reads. */
function normal(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The text an HTML fragment reads as (a title WordPress or Blogger gives as HTML). */
function htmlText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body><div>${html}</div></body></html>`);
  return document.querySelector('div')?.textContent ?? '';
}

/** What the served page shows that the export disagrees with, one line each. */
function differences(at: string, want: Shown, html: string): string[] {
  // Only <main> (the post, its labels and comments) is parsed: a fifth of the whole page's cost.
  const from = html.indexOf('<main');
  const to = html.indexOf('</main>');
  const main = from >= 0 && to > from ? html.slice(from, to + 7) : html;
  const { document } = parseHTML(`<!doctype html><html><body>${main}</body></html>`);
  const out: string[] = [];
  const title = normal(document.querySelector('h1.post-title')?.textContent ?? '');
  let expected = normal(want.htmlTitle ? htmlText(want.title) : want.title);
  // The importer names a post with neither title nor body "(untitled)" (an empty page otherwise).
  if (!expected && want.emptyBody) expected = '(untitled)';
  if (title !== expected)
    out.push(`${at}: title ${JSON.stringify(title)}, export ${JSON.stringify(expected)}`);
  const labels = [...document.querySelectorAll('footer.post-labels a[rel="tag"]')].map((a) =>
    normal(a.textContent ?? ''),
  );
  const wantLabels = [...new Set(want.labels.map(normal).filter(Boolean))];
  if (JSON.stringify([...labels].sort()) !== JSON.stringify(wantLabels.sort()))
    out.push(`${at}: labels ${JSON.stringify(labels)}, export ${JSON.stringify(wantLabels)}`);
  // The count heading ("No comments", "1 comment", "12 comments") and the comments listed on
  // this (first) comment page. A page takes no new comments: it has a comment section only when
  // the export gave it comments.
  const heading = document.querySelector('#comments-heading')?.textContent ?? null;
  const count =
    heading === null
      ? want.kind === 'page'
        ? 0
        : null
      : heading === 'No comments'
        ? 0
        : Number(/^(\d+) comments?$/.exec(heading)?.[1]);
  const listed = document.querySelectorAll('#comments li.comment').length;
  const pager = document.querySelector('#comments .comment-pager') !== null;
  if (
    count !== want.comments ||
    (!pager && listed !== want.comments) ||
    (want.kind === 'page' && want.comments === 0 && heading !== null)
  )
    out.push(`${at}: comments shown ${heading} (${listed} listed), export ${want.comments}`);
  return out;
}

const FILES = [
  ...corpusFiles('blogger').map((file) => ({ file, format: 'blogger' as const })),
  ...corpusFiles('wordpress').map((file) => ({ file, format: 'wordpress' as const })),
].filter(({ file }) => !BROKEN.has(path.basename(file)));

describe('migration fidelity', { skip: corpusSkip('blogger') || corpusSkip('wordpress') }, () => {
  eachDatabase('every old address of every export', (store, kind) => {
    let app: ReturnType<typeof createApp>['app'];
    let checked = 0;
    let shown = 0;
    let comments = 0;
    let started = 0;
    before(() => {
      app = createApp({ store: store(), config: loadConfig({}, process.cwd()) }).app;
      started = performance.now();
    });
    after(() => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `# migration fidelity [${kind}]: ${FILES.length} files, ${checked} addresses, ` +
          `${shown} pages' title, labels and comment count (${comments} comments), ${seconds} s`,
      );
    });

    /** Follows redirects in process; the final status and path. */
    async function land(
      start: string,
    ): Promise<{ status: number; path: string; hops: number; res?: Response }> {
      let at = start;
      for (let hops = 0; hops <= 3; hops++) {
        const res = await app.request(`${ORIGIN}${at}`);
        if (res.status !== 301 && res.status !== 302) return { status: res.status, path: at, hops, res };
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
          } else if (address.shows && end.res) {
            shown++;
            comments += address.shows.comments;
            wrong.push(...differences(address.path, address.shows, await end.res.text()));
          }
        }
        assert.deepEqual(wrong.slice(0, 15), [], `${wrong.length} of ${addresses.length} addresses`);
      });
    }
  });
});
