// A static mirror of the blog: every page reachable from the home page, the feeds and the
// sitemap, rendered through the app itself (app.request, no server) and written as files that any
// static host serves at the same URLs. Blogger's paths end in .html and are kept as they are;
// folders get index files; a URL with a query (Blogger's "Older posts" links) becomes a file whose
// name carries the query, and every link to it is rewritten. The mirror is read-only: comment
// forms are replaced by a note.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface StaticExportOptions {
  /** Renders one URL, as app.request does. */
  fetch: (url: string) => Promise<Response>;
  outDir: string;
  /** Progress after each file. */
  onFile?: (file: string, count: number) => void;
}

export interface StaticExportResult {
  files: number;
  bytes: number;
  missing: { url: string; status: number }[];
}

const ORIGIN = 'http://static.gloss';
const SEEDS = [
  '/',
  '/sitemap.xml',
  '/robots.txt',
  '/feeds/posts/default',
  '/feeds/comments/default',
  '/feed.json',
];
const TEXT_TYPES = /^(text\/|application\/(xml|atom\+xml|rss\+xml|json|feed\+json|javascript))/;

export async function exportStaticSite(options: StaticExportOptions): Promise<StaticExportResult> {
  const queue = [...SEEDS];
  const seen = new Set(queue);
  const result: StaticExportResult = { files: 0, bytes: 0, missing: [] };
  /** URL → file written, for rewriting links once every file's type is known. */
  const written = new Map<string, string>();
  const htmlToRewrite: string[] = [];
  fs.mkdirSync(options.outDir, { recursive: true });

  while (queue.length > 0) {
    const url = queue.shift()!;
    const res = await options.fetch(`${ORIGIN}${url}`);
    if (res.status >= 300 && res.status < 400) {
      const target = internalUrl(res.headers.get('location') ?? '', url);
      if (target && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
      writeFile(options.outDir, fileFor(url, 'text/html'), redirectPage(target ?? '/'), result);
      continue;
    }
    if (res.status !== 200) {
      if (!SEEDS.includes(url)) result.missing.push({ url, status: res.status });
      continue;
    }
    const type = res.headers.get('content-type') ?? 'application/octet-stream';
    let body: Buffer;
    if (TEXT_TYPES.test(type)) {
      const text = await res.text();
      for (const link of linksIn(text, type)) {
        const target = internalUrl(link, url);
        if (target && !seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
      body = Buffer.from(text);
    } else {
      body = Buffer.from(await res.arrayBuffer());
    }
    const file = fileFor(url, type);
    written.set(url, file);
    if (type.startsWith('text/html')) htmlToRewrite.push(file);
    writeFile(options.outDir, file, body, result);
    options.onFile?.(file, result.files);
  }
  for (const file of htmlToRewrite) {
    const full = path.join(options.outDir, file);
    fs.writeFileSync(full, staticHtml(fs.readFileSync(full, 'utf8'), written));
  }
  return result;
}

/** The file a URL is written to, relative to the output folder. */
export function fileFor(url: string, type: string): string {
  const parsed = new URL(url, ORIGIN);
  let pathname = decodeURIComponent(parsed.pathname);
  const ext = type.startsWith('text/html')
    ? '.html'
    : /json/.test(type)
      ? '.json'
      : /xml/.test(type)
        ? '.xml'
        : '';
  const query = parsed.pathname.startsWith('/assets/') ? '' : parsed.search.slice(1);
  if (query) {
    const base = pathname.replace(/\/$/, '/index').replace(/\.[a-z]+$/, '');
    return `${base}__${queryName(query)}${ext || path.extname(pathname)}`.replace(/^\//, '');
  }
  if (pathname.endsWith('/')) pathname += `index${ext || '.html'}`;
  else if (!path.extname(pathname)) pathname += `/index${ext}`;
  return pathname.replace(/^\//, '');
}

function queryName(query: string): string {
  const readable = query
    .replace(/[^A-Za-z0-9=&.-]+/g, '-')
    .replace(/&/g, '_')
    .slice(0, 80);
  return `${readable}_${createHash('sha1').update(query).digest('hex').slice(0, 8)}`;
}

/** href, src and srcset values in HTML; <link>, <loc> and "url" values in feeds and sitemaps. */
function linksIn(text: string, type: string): string[] {
  const links: string[] = [];
  const patterns = type.startsWith('text/html')
    ? [/\b(?:href|src)="([^"]+)"/g, /\bsrcset="([^"]+)"/g]
    : [
        /<loc>([^<]+)<\/loc>/g,
        /<link[^>]*\bhref=["']([^"']+)["']/g,
        /"(?:url|home_page_url|feed_url|next_url)":\s*"([^"]+)"/g,
      ];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      const value = m[1]!.replaceAll('&amp;', '&');
      if (pattern.source.startsWith('\\bsrcset'))
        links.push(...value.split(',').map((s) => s.trim().split(/\s+/)[0]!));
      else links.push(value);
    }
  }
  return links;
}

/** A root-relative URL on this blog, or null for other sites, fragments and non-web links. */
function internalUrl(link: string, from: string): string | null {
  if (!link || link.startsWith('#') || /^(mailto|javascript|data):/i.test(link)) return null;
  let url: URL;
  try {
    url = new URL(link, `${ORIGIN}${from}`);
  } catch {
    return null;
  }
  const local = url.origin === ORIGIN || ['localhost', '127.0.0.1'].includes(url.hostname);
  if (!local || url.pathname.startsWith('/admin') || url.pathname.startsWith('/comments/')) return null;
  if (url.searchParams.has('replyTo')) return null; // reply forms: there is nothing to post to
  return url.pathname + url.search;
}

/** Links to query URLs point at the files written for them; comment forms become a note. */
function staticHtml(html: string, written: Map<string, string>): string {
  return html
    .replace(/\b(href|src)="(\/[^"]*\?[^"]*)"/g, (whole, attr: string, link: string) => {
      if (link.startsWith('/assets/')) return whole;
      const [target, hash] = link.replaceAll('&amp;', '&').split('#') as [string, string | undefined];
      if (new URL(target, ORIGIN).searchParams.has('replyTo'))
        return `${attr}="${target.split('?')[0]}#comments"`;
      const file = written.get(target) ?? fileFor(target, 'text/html');
      return `${attr}="/${encodeURI(file)}${hash ? `#${hash}` : ''}"`;
    })
    .replace(
      /<form class="comment-form"[\s\S]*?<\/form>/g,
      '<p class="form-note">This is a read-only copy of the blog: comments are closed here.</p>',
    )
    .replace(/<a class="comment-reply"[^>]*>[\s\S]*?<\/a>/g, '');
}

function redirectPage(target: string): string {
  const href = target.replace(/"/g, '&quot;');
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${href}"><link rel="canonical" href="${href}"><a href="${href}">Moved here</a>`;
}

function writeFile(outDir: string, file: string, body: string | Buffer, result: StaticExportResult): void {
  const root = path.resolve(outDir);
  const full = path.resolve(root, file);
  if (!full.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${outDir}: ${file}`);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, body);
  result.files++;
  result.bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}
