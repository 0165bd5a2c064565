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
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { SiteChrome } from '../app-deps.ts';
import type { Database } from '../storage/schema.ts';
import { fingerprint, readMirrorData } from './static-data.ts';
import { MirrorFiles } from './static-files.ts';
import { createFinisher } from './static-finish.ts';
import { basePath, fileFor, forwardPage, linksIn, linksInFeed } from './static-links.ts';
import { codeFingerprint, type ManifestEntry } from './static-manifest.ts';
import type { PageInputs } from './static-pages.tsx';
import { type PlannedPage, planMirror } from './static-plan.ts';
import { type RenderBatch, type RenderedPage, renderBatch, renderBatches } from './static-render.ts';
import { MIRROR_SEARCH_SCRIPT, type SearchEntry } from './static-search.ts';
import { renderSidebar, sidebarPage, sidebarScript, withoutSidebar } from './static-sidebar.tsx';
import { startRenderWorker, workersFor } from './static-workers.ts';

export { fileFor, relativeLink } from './static-links.ts';
export { MANIFEST } from './static-manifest.ts';

/** Fetched on every export: their inputs are not in the plan's data. */
const START = ['/robots.txt', '/sitemap.xml'];
/** Pages rendered per batch: their posts are read whole together, then let go. */
const BATCH = 200;

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
  /** The database's address, for render workers to open (none: pages render on this thread). */
  databaseUrl?: string;
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
  /** Render workers beside the main thread (default: one per spare core for a big export). */
  workers?: number;
}

export async function exportStatic(
  source: StaticSource,
  dir: string,
  options: StaticExportOptions = {},
): Promise<StaticExportReport> {
  const base = options.baseUrl ? basePath(options.baseUrl) : null;
  const finishing = {
    own: ['localhost', new URL(source.origin).host],
    base,
    search: Boolean(options.search),
  };
  const finisher = createFinisher(finishing);
  const { internal, linkTo } = finisher;
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
  const files = new MirrorFiles(dir);
  const { before } = files;
  const save = (file: string, content: string | Buffer, entry: ManifestEntry) =>
    files.save(file, content, entry);

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
  // As the links in pages name them (percent-encoded): most addresses already are.
  const planned = new Set(
    plan.map((p) => (/^[\w/.~%-]*$/.test(p.url) ? p.url : (internal(p.url, '/') ?? p.url))),
  );

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

  const todo: PlannedPage[] = [];
  for (const page of plan) {
    const file = fileFor(page.url);
    if (files.unchangedSince(file, page.print)) {
      if (page.kind === 'fetch') report.files++;
      else report.pages++;
    } else {
      todo.push(page);
    }
  }

  for (const page of todo) {
    if (page.kind !== 'fetch') continue;
    const res = await source.app.request(page.url);
    if (res.status !== 200) {
      report.failed.push({ url: page.url, status: res.status });
      await res.arrayBuffer();
      continue;
    }
    save(fileFor(page.url), Buffer.from(await res.arrayBuffer()), { print: page.print, url: '' });
    report.files++;
  }

  const batches = renderBatches(todo, data, BATCH);
  const total = batches.reduce((n, b) => n + b.pages.length, 0);
  const keep = (page: RenderedPage) => {
    save(fileFor(page.url), page.html, { print: page.print, url: '' });
    report.pages++;
    report.rendered++;
    return files.backpressure();
  };
  const done = () => options.onProgress?.(report.rendered, total);
  let next = 0;
  const take = (): RenderBatch | undefined => batches[next++];
  const inputs: PageInputs = { db: source.db, chrome, origin: source.origin };
  const workers = source.databaseUrl ? workersFor(total, options.workers) : 0;
  const started = Array.from({ length: workers }, () =>
    startRenderWorker({ databaseUrl: source.databaseUrl!, chrome, origin: source.origin, finish: finishing }),
  );
  try {
    // Workers take the first batches: they start while this thread renders the next.
    await Promise.all([
      // Two batches in flight per worker, so it never waits for this thread to hand it the next.
      // A worker that fails (its heap is bounded: a batch of huge posts may not fit) hands its
      // batch back to this thread and takes no more.
      ...started.flatMap((worker) =>
        [1, 2].map(async () => {
          for (let batch = take(); batch; batch = take()) {
            const answer = await worker.render(batch).catch(() => null);
            if (!answer) {
              await renderBatch(inputs, batch, finisher, keep);
              finisher.met().forEach(enqueue);
              done();
              return;
            }
            for (const page of answer.pages) await keep(page);
            answer.met.forEach(enqueue);
            done();
          }
        }),
      ),
      (async () => {
        for (let batch = take(); batch; batch = take()) {
          await renderBatch(inputs, batch, finisher, keep);
          finisher.met().forEach(enqueue);
          done();
          // Lets the workers' pages in between this thread's batches.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
    ]);
  } finally {
    await Promise.all(started.map((w) => w.close()));
  }

  // The sidebar, once: its links lead from the root of the mirror.
  const sidebar = finisher.rewrite(await renderSidebar(source.chrome), 'index.html');
  finisher.met().forEach(enqueue);
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
      }
      save(file, finisher.finish(withoutCommentForm(html), url, links), { print: '', url });
      finisher.met().forEach(enqueue);
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
  report.removed = await files.finish();
  report.written = files.written.length;
  report.writtenFiles = files.written;
  report.unchanged = files.unchanged;
  return report;
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
