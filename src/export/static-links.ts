// The static mirror's addresses: which file a URL of the blog is saved in, and how a page's links
// are rewritten to those files (relative, so the mirror opens from file://, or rooted at
// --base-url). Pure functions of strings: no database, no disk.

/** Query parameters that page through a listing or a feed; any other query is dropped. */
const PAGING = new Set(['updated-max', 'updated-min', 'max-results', 'start-index', 'alt']);
const SKIP = /^\/(admin|comments)(\/|$)/;

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

/** "https://example.org/blog" or "/blog/" → "/blog/". */
export function basePath(baseUrl: string): string {
  const p = new URL(baseUrl, 'http://placeholder.invalid').pathname;
  return p.endsWith('/') ? p : `${p}/`;
}

export function linksIn(html: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) links.push(unescapeAttr(m[1]!));
  for (const m of html.matchAll(/\ssrcset="([^"]*)"/g)) {
    for (const part of m[1]!.split(',')) links.push(unescapeAttr(part.trim().split(/\s+/)[0] ?? ''));
  }
  return links;
}

export function linksInFeed(text: string): string[] {
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

/** Every href, src and srcset of a page that leads to the site, given to `linkTo` to rewrite. */
export function rewriteLinks(
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

/** The small page an old address becomes: it forwards to the new one. */
export function forwardPage(to: string): string {
  const href = escapeAttr(to);
  return `<!doctype html><meta charset="utf-8"><title>Moved</title><link rel="canonical" href="${href}"><meta http-equiv="refresh" content="0; url=${href}"><p>This page moved to <a href="${href}">${href}</a>.</p>\n`;
}

export function unescapeAttr(text: string): string {
  if (!text.includes('&')) return text;
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

export function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
