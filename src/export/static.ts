// `gloss export static DIR`: the public blog as plain files, for any static host. Every page is
// fetched through the app itself (app.request, no network), starting from the home page, the
// feeds and the sitemap and following every link on the site, so the mirror is exactly what
// readers see. A URL becomes a file the way static hosts look for one: /2017/07/ →
// 2017/07/index.html, /search/label/News → search/label/News/index.html, and the paging of
// listings (?updated-max=…) → …/q/updated-max=…/index.html; links in the pages are rewritten to
// those files. Redirects (old WordPress addresses) become small pages that forward. Forms
// (comments, search) need the live blog and are left as they are.
import fs from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';

/** Query parameters that page through a listing or a feed; any other query is dropped. */
const PAGING = new Set(['updated-max', 'updated-min', 'max-results', 'start-index', 'alt']);
const SKIP = /^\/(admin|comments)(\/|$)/;
const START = ['/', '/robots.txt', '/sitemap.xml', '/feeds/posts/default', '/feed.json'];

export interface StaticExportReport {
  pages: number;
  files: number;
  redirects: number;
  failed: { url: string; status: number }[];
}

export interface StaticExportOptions {
  /** More URLs to start from (old addresses kept as redirects: they get forwarding pages). */
  start?: string[];
  /** The blog's public origin (GLOSS_BASE_URL): absolute links to it are the site's own. */
  origin?: string | null;
  onProgress?: (done: number, queued: number) => void;
}

export async function exportStatic(
  app: Hono,
  dir: string,
  options: StaticExportOptions = {},
): Promise<StaticExportReport> {
  const own = new Set(['localhost', ...(options.origin ? [new URL(options.origin).host] : [])]);
  const report: StaticExportReport = { pages: 0, files: 0, redirects: 0, failed: [] };
  const seen = new Set<string>();
  const queue: string[] = [];
  const enqueue = (url: string | null) => {
    if (url && !seen.has(url)) {
      seen.add(url);
      queue.push(url);
    }
  };
  const internal = (link: string, from: string) => internalUrl(link, from, own);
  [...START, ...(options.start ?? [])].forEach(enqueue);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < queue.length; i++) {
    const url = queue[i]!;
    const res = await app.request(url);
    const file = path.join(dir, fileFor(url));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (res.status >= 300 && res.status < 400) {
      const to = internal(res.headers.get('location') ?? '', url);
      if (to) {
        enqueue(to);
        fs.writeFileSync(file, forwardPage(linkFor(to)));
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
      for (const link of linksIn(html)) enqueue(internal(link, url));
      fs.writeFileSync(file, rewriteLinks(html, url, own));
      report.pages++;
    } else {
      const body = Buffer.from(await res.arrayBuffer());
      if (/xml|json/.test(type))
        for (const link of linksInFeed(body.toString('utf8'))) enqueue(internal(link, url));
      fs.writeFileSync(file, body);
      report.files++;
    }
    if (i % 50 === 0) options.onProgress?.(i + 1, queue.length);
  }
  options.onProgress?.(queue.length, queue.length);
  return report;
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
  if (query) p = `${p.replace(/\/$/, '')}/q/${query.replace(/[^A-Za-z0-9=&._-]/g, '_')}/`;
  if (p.endsWith('/')) return `${p.slice(1)}index.html`;
  return /\.[A-Za-z0-9]{1,5}$/.test(p) ? p.slice(1) : `${p.slice(1)}/index.html`;
}

/** The link that reaches a URL's file on a static host. */
function linkFor(url: string): string {
  const file = fileFor(url);
  const encoded = `/${file.split('/').map(encodeURIComponent).join('/')}`;
  return encoded.endsWith('/index.html') ? encoded.slice(0, -'index.html'.length) : encoded;
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

function rewriteLinks(html: string, from: string, own: Set<string>): string {
  return html.replace(/(\s(?:href|src)=")([^"]*)(")/g, (whole, a: string, link: string, b: string) => {
    // Absolute links (canonical, og:url) keep pointing at the live address.
    if (/^[a-z]+:/i.test(link)) return whole;
    const target = internalUrl(unescapeAttr(link), from, own);
    if (!target) return whole;
    const hash = /#.*$/.exec(unescapeAttr(link))?.[0] ?? '';
    return `${a}${escapeAttr(linkFor(target) + hash)}${b}`;
  });
}

function forwardPage(to: string): string {
  const href = escapeAttr(to);
  return `<!doctype html><meta charset="utf-8"><title>Moved</title><link rel="canonical" href="${href}"><meta http-equiv="refresh" content="0; url=${href}"><p>This page moved to <a href="${href}">${href}</a>.</p>\n`;
}

function unescapeAttr(text: string): string {
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
