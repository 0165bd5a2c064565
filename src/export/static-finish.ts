// A rendered page as the mirror keeps it: links rewritten to the mirror's files (relative, or
// rooted at --base-url), the shared sidebar in place of the page's own, the search script. The
// same on the main thread and in a render worker; each remembers the site's addresses it met, so
// the export can fetch those its plan does not know.
import { own as ownCopy } from '../lib/detached-string.ts';
import { fileFor, internalUrl, relativeLink, rewriteLinks } from './static-links.ts';
import { withSharedSidebar } from './static-sidebar.tsx';

export interface FinishOptions {
  /** Hosts whose absolute links are the site's own. */
  own: string[];
  /** The path links are rooted at (--base-url), or null for relative links. */
  base: string | null;
  /** Whether pages load the offline search script. */
  search: boolean;
}

export type Finisher = ReturnType<typeof createFinisher>;

export function createFinisher(options: FinishOptions) {
  const own = new Set(options.own);
  const { base } = options;
  // A page carries many links that every page repeats (header, feeds, assets): each is resolved,
  // given its file and encoded once per export.
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
  const segments = new Map<string, string[]>();
  /** The file a URL (or, with a leading "=", a file of the mirror) is saved in, as encoded segments. */
  const segmentsOf = (url: string) => {
    let s = segments.get(url);
    if (!s) {
      s = (url.startsWith('=') ? url.slice(1) : fileFor(url)).split('/').map(encodeURIComponent);
      segments.set(url, s);
    }
    return s;
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
  const met = new Set<string>();
  let fresh: string[] = [];
  const meet = (to: string) => {
    if (!met.has(to)) {
      met.add(to);
      fresh.push(to);
    }
  };

  return {
    internal,
    linkTo,
    /** The page as the mirror keeps it; `links` sends some links to other pages. */
    finish(html: string, url: string, links?: Map<string, string>): string {
      let page = rewriteLinks(html, url, internal, (target, hash) => {
        const to = links?.get(target) ?? target;
        meet(to);
        return linkTo(to, url, hash);
      });
      page = withSharedSidebar(page, /^\/(\d{4})\//.exec(url)?.[1], (file) => linkTo(`=${file}`, url));
      if (options.search) page = withScript(page, linkTo('=assets/mirror-search.js', url));
      return page;
    },
    /** Links alone rewritten, as from `file` (a file of the mirror) for a part of a page. */
    rewrite(html: string, file: string): string {
      return rewriteLinks(html, '/', internal, (target, hash) => {
        meet(target);
        return linkTo(target, `=${file}`, hash);
      });
    },
    /** The addresses met since the last call, each once. */
    met(): string[] {
      const list = fresh;
      fresh = [];
      return list;
    },
  };
}

function withScript(html: string, src: string): string {
  const tag = `<script src="${src.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" defer></script>`;
  const end = html.lastIndexOf('</body>');
  return end >= 0 ? html.slice(0, end) + tag + html.slice(end) : html + tag;
}
