// `gloss export static DIR`: the public blog as plain files, for any static host. Every page is
// fetched through the app itself (app.request, no network), starting from the home page, the
// feeds and the sitemap and following every link on the site, so the mirror is exactly what
// readers see. A URL becomes a file the way static hosts look for one: /2017/07/ →
// 2017/07/index.html, /search/label/News → search/label/News/index.html, and the paging of
// listings (?updated-max=…) → …/q/updated-max=…/index.html; links in the pages are rewritten to
// those files. Redirects (old WordPress addresses) become small pages that forward. Forms
// (comments, search) need the live blog and are left as they are.
// `gloss export static DIR`: the public blog as plain files, for any static host or a folder
// opened from the disk. Every page is fetched through the app itself (app.request, no network),
// starting from the home page, the feeds and the sitemap and following every link on the site,
// so the mirror is exactly what readers see. A URL becomes a file the way static hosts look for
// one: /2017/07/ → 2017/07/index.html, /search/label/News → search/label/News/index.html, the
// paging of listings (?updated-max=…) → …/q/updated-max=…/index.html, feeds → files with the
// extension a host serves them by (feeds/posts/default.atom, .rss). Links are rewritten to those
// files: relative by default (the mirror works from file:// and under any sub-path), or rooted at
// --base-url. Each listing is rendered once: a "newer posts" link goes back to the page that led
// there instead of fetching the same posts again through updated-min. Redirects (old WordPress
// addresses) become small pages that forward. Files whose bytes did not change are not rewritten,
// and files an earlier export wrote that this one did not are removed (listed in MANIFEST).
// Search works offline: search-index.js holds the posts' titles, labels and excerpts, and a small
// script answers the search form from it. Comment forms need the live blog.
import fs from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import { own as ownCopy } from '../lib/detached-string.ts';
import { MIRROR_SEARCH_SCRIPT, type SearchEntry } from './static-search.ts';

/** Query parameters that page through a listing or a feed; any other query is dropped. */
const PAGING = new Set(['updated-max', 'updated-min', 'max-results', 'start-index', 'alt']);
const SKIP = /^\/(admin|comments)(\/|$)/;
const START = ['/', '/robots.txt', '/sitemap.xml', '/feeds/posts/default', '/feed.json'];
/** The files the last export wrote, one per line: the next export removes those it no longer makes. */
export const MANIFEST = '.gloss-mirror';

export interface StaticExportReport {
  pages: number;
  files: number;
  redirects: number;
  /** Files written (new or changed), left as they were (same bytes), removed (no longer made). */
  written: number;
  unchanged: number;
  removed: number;
  /** The files written (new or changed), for the summary. */
  writtenFiles: string[];
  failed: { url: string; status: number }[];
}

export interface StaticExportOptions {
  /** More URLs to start from (old addresses kept as redirects: they get forwarding pages). */
  start?: string[];
  /** The blog's public origin (GLOSS_BASE_URL): absolute links to it are the site's own. */
  origin?: string | null;
  /**
   * Where the mirror will be served from ("https://example.org/blog/" or "/blog/"): links are
   * rooted there. Without it links are relative, so the mirror works from any folder.
   */
  baseUrl?: string | null;
  /** The posts for the offline search index (none: the mirror has no search script). */
  search?: SearchEntry[];
  onProgress?: (done: number, queued: number) => void;
}

export async function exportStatic(
  app: Hono,
  dir: string,
  options: StaticExportOptions = {},
): Promise<StaticExportReport> {
  const own = new Set(['localhost', ...(options.origin ? [new URL(options.origin).host] : [])]);
  const base = options.baseUrl ? basePath(options.baseUrl) : null;
  const report: StaticExportReport = {
    pages: 0,
    files: 0,
    redirects: 0,
    written: 0,
    unchanged: 0,
    removed: 0,
    writtenFiles: [],
    failed: [],
  };
  const seen = new Set<string>();
  const queue: string[] = [];
  /** Listing page → the page whose "older posts" link led to it (its "newer posts" page). */
  const newerOf = new Map<string, string>();
  const enqueue = (url: string | null) => {
    if (url && !seen.has(url)) {
      seen.add(url);
      queue.push(url);
    }
  };
  // A page carries hundreds of links (the sidebar's archive and labels), nearly all rooted paths
  // that every page repeats: each is resolved, given its file and encoded once per export.
  const rooted = new Map<string, string | null>();
  const internal = (link: string, from: string) => {
    if (!link.startsWith('/') || link.startsWith('//')) return internalUrl(link, from, own);
    let target = rooted.get(link);
    if (target === undefined) {
      target = internalUrl(link, '/', own);
      // A copy: the link is a slice of its page, and a slice kept as a key keeps the whole page.
      rooted.set(ownCopy(link), target);
    }
    return target;
  };
  const files = new Map<string, string[]>();
  /** The file a URL is saved in, as encoded path segments. */
  const segmentsOf = (url: string) => {
    let segments = files.get(url);
    if (!segments) {
      segments = fileFor(url).split('/').map(encodeURIComponent);
      files.set(url, segments);
    }
    return segments;
  };
  const made = new Set<string>();
  const save = (file: string, content: string | Buffer) => {
    made.add(file);
    const full = path.join(dir, file);
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    try {
      if (fs.statSync(full).size === bytes.length && fs.readFileSync(full).equals(bytes)) {
        report.unchanged++;
        return;
      }
    } catch {
      fs.mkdirSync(path.dirname(full), { recursive: true });
    }
    fs.writeFileSync(full, bytes);
    report.written++;
    report.writtenFiles.push(file);
  };
  const linkTo = (target: string, from: string, hash = '') => {
    const to = segmentsOf(target);
    if (base !== null) {
      const at = `${base}${to.join('/')}`;
      return (at.endsWith('/index.html') ? at.slice(0, -'index.html'.length) : at) + hash;
    }
    // Relative, naming index.html: a folder opened from the disk has no index files.
    return relativeLink(segmentsOf(from), to) + hash;
  };
  [...START, ...(options.start ?? [])].forEach(enqueue);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < queue.length; i++) {
    const url = queue[i]!;
    const res = await app.request(url);
    const file = fileFor(url);
    if (res.status >= 300 && res.status < 400) {
      const to = internal(res.headers.get('location') ?? '', url);
      if (to) {
        enqueue(to);
        save(file, forwardPage(linkTo(to, url)));
        report.redirects++;
      }
      continue;
    }
    if (res.status !== 200) {
      if (url !== '/robots.txt') report.failed.push({ url, status: res.status });
      await res.arrayBuffer();
      continue;
    }
    const type = res.headers.get('content-type') ?? '';
    if (type.startsWith('text/html')) {
      const html = await res.text();
      const links = new Map<string, string>();
      for (const link of linksIn(html)) {
        const target = internal(link, url);
        if (!target) continue;
        const newer = isNewerLink(target) ? newerOf.get(url) : undefined;
        if (newer) {
          links.set(target, newer);
          continue;
        }
        if (isOlderLink(target) && !seen.has(target)) newerOf.set(target, url);
        enqueue(target);
      }
      let page = rewriteLinks(withoutCommentForm(html), url, internal, (target, hash) =>
        linkTo(links.get(target) ?? target, url, hash),
      );
      if (options.search) page = withSearchScript(page, linkTo('/assets/mirror-search.js', url));
      save(file, page);
      report.pages++;
    } else {
      const body = Buffer.from(await res.arrayBuffer());
      if (/xml|json/.test(type))
        for (const link of linksInFeed(body.toString('utf8'))) enqueue(internal(link, url));
      save(file, body);
      report.files++;
    }
    if (i % 50 === 0) options.onProgress?.(i + 1, queue.length);
  }
  if (options.search) {
    const entries = options.search.map((e) => ({ ...e, file: fileFor(e.path) }));
    save('search-index.js', `window.glossSearchIndex = ${JSON.stringify(entries)};\n`);
    save('assets/mirror-search.js', MIRROR_SEARCH_SCRIPT);
  }
  report.removed = removeStale(dir, made);
  fs.writeFileSync(path.join(dir, MANIFEST), `${[...made].sort().join('\n')}\n`);
  options.onProgress?.(queue.length, queue.length);
  return report;
}

/** Removes the files the last export listed that this one did not make; returns how many. */
function removeStale(dir: string, made: Set<string>): number {
  let before: string[] = [];
  try {
    before = fs.readFileSync(path.join(dir, MANIFEST), 'utf8').split('\n').filter(Boolean);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const file of before) {
    if (made.has(file) || file.split('/').includes('..')) continue;
    try {
      fs.rmSync(path.join(dir, file));
      removed++;
    } catch {
      // Already gone.
    }
  }
  return removed;
}

/** "https://example.org/blog" or "/blog/" → "/blog/". */
function basePath(baseUrl: string): string {
  const p = new URL(baseUrl, 'http://placeholder.invalid').pathname;
  return p.endsWith('/') ? p : `${p}/`;
}

function isNewerLink(url: string): boolean {
  return url.includes('updated-min=');
}

function isOlderLink(url: string): boolean {
  return url.includes('updated-max=');
}

/**
 * The comment form posts to the live blog and carries a token made for this moment: a mirror
 * page holds a note instead, so it stays the same from one export to the next.
 */
function withoutCommentForm(html: string): string {
  return html.replace(
    /<form\b[^>]*\saction="\/comments\/[^"]*"[\s\S]*?<\/form>/g,
    '<p class="comment-form-note">Comments are written on the live blog.</p>',
  );
}

function withSearchScript(html: string, src: string): string {
  const tag = `<script src="${escapeAttr(src)}" defer></script>`;
  return html.includes('</body>') ? html.replace('</body>', `${tag}</body>`) : html + tag;
}

/** The path (with paging query) of a link on the site, or null for other sites and dynamic URLs. */
export function internalUrl(link: string, from: string, own: Set<string>): string | null {
  if (!link || link.startsWith('#') || /^(mailto|javascript|data):/i.test(link)) return null;
  let url: URL;
  try {
    url = new URL(link, `http://localhost${from}`);
  } catch {
    return null;
  }
  if (!own.has(url.host)) return null;
  if (SKIP.test(url.pathname)) return null;
  const params = [...url.searchParams].filter(([k]) => PAGING.has(k));
  if (url.pathname === '/search' && url.searchParams.has('q')) return null;
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `${url.pathname}${query}`;
}

/** The file a URL is saved in, relative to the export folder. */
export function fileFor(url: string): string {
  const [rawPath, query = ''] = url.split('?') as [string, string?];
  let p = safeDecode(rawPath);
  if (p.startsWith('/feeds/')) {
    // Feeds get the extension a static host serves their type by.
    const params = new URLSearchParams(query);
    const alt = params.get('alt');
    params.delete('alt');
    const rest = params.toString().replace(/[^A-Za-z0-9=&._-]/g, '_');
    const ext = alt === 'rss' ? '.rss' : alt === 'json' ? '.json' : '.atom';
    return `${p.slice(1).replace(/\/$/, '')}${rest ? `.${rest}` : ''}${ext}`;
  }
  if (query) p = `${p.replace(/\/$/, '')}/q/${query.replace(/[^A-Za-z0-9=&._-]/g, '_')}/`;
  if (p.endsWith('/')) return `${p.slice(1)}index.html`;
  return /\.[A-Za-z0-9]{1,5}$/.test(p) ? p.slice(1) : `${p.slice(1)}/index.html`;
}

function linksIn(html: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) links.push(unescapeAttr(m[1]!));
  for (const m of html.matchAll(/\ssrcset="([^"]*)"/g)) {
    for (const part of m[1]!.split(',')) links.push(unescapeAttr(part.trim().split(/\s+/)[0] ?? ''));
  }
  return links;
}

function linksInFeed(text: string): string[] {
  return [...text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => unescapeAttr(m[1]!));
}

/**
 * The link from one file to another, both given as encoded path segments from the mirror's root:
 * up to the folder they share, then down (what path.posix.relative gives, without its cost).
 */
export function relativeLink(from: string[], to: string[]): string {
  const folder = from.length - 1;
  let shared = 0;
  while (shared < folder && shared < to.length - 1 && from[shared] === to[shared]) shared++;
  return '../'.repeat(folder - shared) + to.slice(shared).join('/');
}

function rewriteLinks(
  html: string,
  from: string,
  internal: (link: string, from: string) => string | null,
  linkTo: (target: string, hash: string) => string,
): string {
  return html
    .replace(/(\s(?:href|src)=")([^"]*)(")/g, (whole, a: string, link: string, b: string) => {
      // Absolute links (canonical, og:url) keep pointing at the live address.
      if (/^[a-z]+:/i.test(link)) return whole;
      const plain = unescapeAttr(link);
      const target = internal(plain, from);
      if (!target) return whole;
      const at = plain.indexOf('#');
      return `${a}${escapeAttr(linkTo(target, at < 0 ? '' : plain.slice(at)))}${b}`;
    })
    .replace(/(\ssrcset=")([^"]*)(")/g, (_whole, a: string, set: string, b: string) => {
      const parts = set.split(',').map((part) => {
        const [link = '', ...size] = part.trim().split(/\s+/);
        const target = /^[a-z]+:/i.test(link) ? null : internal(unescapeAttr(link), from);
        return [target ? escapeAttr(linkTo(target, '')) : link, ...size].join(' ');
      });
      return `${a}${parts.join(', ')}${b}`;
    });
}

function forwardPage(to: string): string {
  const href = escapeAttr(to);
  return `<!doctype html><meta charset="utf-8"><title>Moved</title><link rel="canonical" href="${href}"><meta http-equiv="refresh" content="0; url=${href}"><p>This page moved to <a href="${href}">${href}</a>.</p>\n`;
}

function unescapeAttr(text: string): string {
  if (!text.includes('&')) return text;
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
