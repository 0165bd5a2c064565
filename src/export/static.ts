// `gloss export static DIR`: the public blog as plain files, for any static host or a folder
// opened from the disk. The pages are planned from a few bulk queries (static-data.ts,
// static-plan.ts) and rendered straight from the data with the blog's own views
// (static-pages.tsx); feeds, the sitemap, the theme's files, images, old addresses and any page
// the plan does not know (a source's clippings) are fetched through the app itself (app.request,
// no network), following their links. A URL becomes a file the way static hosts look for one:
// /2017/07/ → 2017/07/index.html, /search/label/News → search/label/News/index.html, feeds →
// files with the extension a host serves them by (feeds/posts/default.atom, .rss). Links are
// rewritten to those files: relative by default (the mirror works from file:// and under any
// sub-path), or rooted at --base-url. Older-posts pages are numbered from the oldest end
// (search/page/1/ holds the oldest posts), so their addresses stay put when a post is added.
// Each page's inputs are fingerprinted in the manifest (static-manifest.ts): the next export
// renders only pages whose inputs changed, writes only files whose bytes changed, and removes the
// files it no longer makes. One sidebar serves every page (static-sidebar.tsx). Search works
// offline from search-index.js (static-search.ts). Comment forms need the live blog.
import fs from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { SiteChrome } from '../app-deps.ts';
import { own as ownCopy } from '../lib/detached-string.ts';
import type { Database, Post } from '../storage/schema.ts';
import { fingerprint, fullPosts, type MirrorData, readMirrorData } from './static-data.ts';
import {
  basePath,
  fileFor,
  forwardPage,
  internalUrl,
  linksIn,
  linksInFeed,
  relativeLink,
  rewriteLinks,
} from './static-links.ts';
import {
  codeFingerprint,
  type ManifestEntry,
  readManifest,
  removeStale,
  writeManifest,
} from './static-manifest.ts';
import { type PageInputs, renderListing, renderPost } from './static-pages.tsx';
import { type PlannedPage, planMirror } from './static-plan.ts';
import { MIRROR_SEARCH_SCRIPT, type SearchEntry } from './static-search.ts';
import {
  renderSidebar,
  sidebarPage,
  sidebarScript,
  withoutSidebar,
  withSharedSidebar,
} from './static-sidebar.tsx';

export { fileFor, relativeLink } from './static-links.ts';
export { MANIFEST } from './static-manifest.ts';

/** Fetched on every export: their inputs are not in the plan's data. */
const START = ['/robots.txt', '/sitemap.xml'];
/** Pages rendered per batch: their posts are read whole together, then let go. */
const BATCH = 500;

export interface StaticExportReport {
  pages: number;
  files: number;
  redirects: number;
  /** Files written (new or changed), left as they were (same inputs or bytes), removed (no longer made). */
  written: number;
  unchanged: number;
  removed: number;
  /** Pages rendered (their inputs changed since the last export, or there was none). */
  rendered: number;
  /** The files written (new or changed), for the summary. */
  writtenFiles: string[];
  failed: { url: string; status: number }[];
}

/** What the mirror is made from: the app (for what it fetches) and what its views are given. */
export interface StaticSource {
  app: Hono;
  db: Kysely<Database>;
  chrome: SiteChrome;
  /** The blog's public origin (canonical links, and absolute links that are the site's own). */
  origin: string;
}

export interface StaticExportOptions {
  /** More URLs to start from (old addresses kept as redirects: they get forwarding pages). */
  start?: string[];
  /**
   * Where the mirror will be served from ("https://example.org/blog/" or "/blog/"): links are
   * rooted there. Without it links are relative, so the mirror works from any folder.
   */
  baseUrl?: string | null;
  /** The posts for the offline search index (none: the mirror has no search script). */
  search?: SearchEntry[];
  onProgress?: (done: number, total: number) => void;
}

export async function exportStatic(
  source: StaticSource,
  dir: string,
  options: StaticExportOptions = {},
): Promise<StaticExportReport> {
  const own = new Set(['localhost', new URL(source.origin).host]);
  const base = options.baseUrl ? basePath(options.baseUrl) : null;
  const report: StaticExportReport = {
    pages: 0,
    files: 0,
    redirects: 0,
    written: 0,
    unchanged: 0,
    removed: 0,
    rendered: 0,
    writtenFiles: [],
    failed: [],
  };
  fs.mkdirSync(dir, { recursive: true });
  const before = readManifest(dir);
  const after = new Map<string, ManifestEntry>();
  const made = new Set<string>();
  const folders = new Set<string>();

  const save = (file: string, content: string | Buffer, entry: ManifestEntry) => {
    made.add(file);
    after.set(file, entry);
    const full = path.join(dir, file);
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    if (before.has(file)) {
      try {
        if (fs.statSync(full).size === bytes.length && fs.readFileSync(full).equals(bytes)) {
          report.unchanged++;
          return;
        }
      } catch {
        // Gone since: written again below.
      }
    }
    const folder = path.dirname(full);
    if (!folders.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    fs.writeFileSync(full, bytes);
    report.written++;
    report.writtenFiles.push(file);
  };

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

  // What the data decides: planned pages, rendered (or fetched) only when their inputs changed.
  const data = await readMirrorData(source.db);
  const chrome = withoutSidebar(source.chrome);
  const site = fingerprint(
    JSON.stringify([
      codeFingerprint(),
      chrome.settings,
      chrome.pages,
      source.origin,
      base,
      Boolean(options.search),
      data.users,
    ]),
  );
  const plan = planMirror(data, site, chrome.settings.postsPerPage);
  const planned = new Set(plan.map((p) => internal(p.url, '/') ?? p.url));

  // What the data does not decide: fetched on every export, following their links.
  const seen = new Set<string>();
  const queue: string[] = [];
  const enqueue = (url: string | null) => {
    if (url && !planned.has(url) && !seen.has(url)) {
      seen.add(url);
      queue.push(url);
    }
  };
  [...START, ...(options.start ?? [])].forEach(enqueue);
  for (const [, entry] of before) if (entry.url) enqueue(entry.url);

  /**
   * A rendered page as the mirror keeps it: links to files (`links` maps some to others), the
   * shared sidebar, the search script. Links the plan does not know are fetched later.
   */
  const finish = (html: string, url: string, links?: Map<string, string>) => {
    let page = rewriteLinks(html, url, internal, (target, hash) => {
      const to = links?.get(target) ?? target;
      enqueue(to);
      return linkTo(to, url, hash);
    });
    page = withSharedSidebar(page, /^\/(\d{4})\//.exec(url)?.[1], (file) => linkTo(`=${file}`, url));
    if (options.search) page = withScript(page, linkTo('=assets/mirror-search.js', url));
    return page;
  };

  const todo: PlannedPage[] = [];
  for (const page of plan) {
    const file = fileFor(page.url);
    const last = before.get(file);
    if (last && last.print === page.print && fs.existsSync(path.join(dir, file))) {
      made.add(file);
      after.set(file, last);
      report.unchanged++;
      if (page.kind === 'fetch') report.files++;
      else report.pages++;
    } else {
      todo.push(page);
    }
  }

  const inputs: PageInputs = { db: source.db, chrome, origin: source.origin };
  for (let i = 0; i < todo.length; i += BATCH) {
    const batch = todo.slice(i, i + BATCH);
    const posts = await fullPosts(source.db, idsIn(batch));
    for (const page of batch) {
      if (page.kind === 'fetch') {
        const res = await source.app.request(page.url);
        if (res.status !== 200) {
          report.failed.push({ url: page.url, status: res.status });
          await res.arrayBuffer();
          continue;
        }
        save(fileFor(page.url), Buffer.from(await res.arrayBuffer()), { print: page.print, url: '' });
        report.files++;
        continue;
      }
      const html = await renderPlanned(inputs, data, posts, page);
      save(fileFor(page.url), finish(html, page.url), { print: page.print, url: '' });
      report.pages++;
      report.rendered++;
    }
    options.onProgress?.(Math.min(i + BATCH, todo.length), todo.length);
  }

  // The sidebar, once: its links lead to the root of the mirror.
  const sidebar = rewriteLinks(await renderSidebar(source.chrome), '/', internal, (target, hash) => {
    enqueue(target);
    return linkTo(target, '=index.html', hash);
  });
  save('sidebar.js', sidebarScript(sidebar), { print: '', url: '' });
  save(
    'sidebar.html',
    sidebarPage(sidebar, source.chrome, options.search ? 'assets/mirror-search.js' : null),
    {
      print: '',
      url: '',
    },
  );

  /** Listing page → the page whose "older posts" link led to it (its "newer posts" page). */
  const newerOf = new Map<string, string>();
  for (let i = 0; i < queue.length; i++) {
    const url = queue[i]!;
    const res = await source.app.request(url);
    const file = fileFor(url);
    if (res.status >= 300 && res.status < 400) {
      const to = internal(res.headers.get('location') ?? '', url);
      if (to) {
        enqueue(to);
        save(file, forwardPage(linkTo(to, url)), { print: '', url });
        report.redirects++;
      }
      continue;
    }
    if (res.status !== 200) {
      // An address the last export fetched may be gone since: it is simply not made again.
      if (url !== '/robots.txt' && !before.has(file)) report.failed.push({ url, status: res.status });
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
        const newer = target.includes('updated-min=') ? newerOf.get(url) : undefined;
        if (newer) {
          links.set(target, newer);
          continue;
        }
        if (target.includes('updated-max=') && !seen.has(target)) newerOf.set(target, url);
        enqueue(target);
      }
      save(file, finish(withoutCommentForm(html), url, links), { print: '', url });
      report.pages++;
    } else {
      const body = Buffer.from(await res.arrayBuffer());
      if (/xml|json/.test(type))
        for (const link of linksInFeed(body.toString('utf8'))) enqueue(internal(link, url));
      save(file, body, { print: '', url });
      report.files++;
    }
  }

  if (options.search) {
    const entries = options.search.map((e) => ({ ...e, file: fileFor(e.path) }));
    save('search-index.js', `window.glossSearchIndex = ${JSON.stringify(entries)};\n`, {
      print: '',
      url: '',
    });
    save('assets/mirror-search.js', MIRROR_SEARCH_SCRIPT, { print: '', url: '' });
  }
  report.removed = removeStale(dir, before, made);
  writeManifest(dir, after);
  return report;
}

/** The posts a batch of planned pages shows, to be read whole in one go. */
function idsIn(batch: PlannedPage[]): number[] {
  const ids = new Set<number>();
  for (const page of batch) {
    if (page.kind === 'post') ids.add(page.post.id);
    else if (page.kind === 'listing') for (const p of page.posts) ids.add(p.id);
  }
  return [...ids];
}

function renderPlanned(
  inputs: PageInputs,
  data: MirrorData,
  posts: Map<number, Post>,
  page: Exclude<PlannedPage, { kind: 'fetch' }>,
): Promise<string> {
  if (page.kind === 'post') {
    const post = posts.get(page.post.id)!;
    return renderPost(inputs, {
      post,
      labels: data.labels.get(post.id) ?? [],
      older: page.older,
      newer: page.newer,
      count: data.approved.get(post.id) ?? 0,
    });
  }
  const ids = page.posts.map((p) => p.id);
  return renderListing(inputs, {
    ...page,
    posts: ids.map((id) => posts.get(id)!),
    labels: new Map(ids.map((id) => [id, data.labels.get(id) ?? []])),
    comments: new Map(ids.map((id) => [id, data.approved.get(id) ?? 0])),
  });
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

function withScript(html: string, src: string): string {
  const tag = `<script src="${src.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" defer></script>`;
  const end = html.lastIndexOf('</body>');
  return end >= 0 ? html.slice(0, end) + tag + html.slice(end) : html + tag;
}
