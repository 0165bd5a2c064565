import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../app.tsx';
import { exportStatic } from '../export/static.ts';
import { mirrorSearchEntries } from '../export/static-search.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'export static',
  summary: 'Mirror the blog as static files',
  help: `Usage: gloss export static DIR [--base-url URL] [--workers N]

Writes the public blog into DIR as plain files that any static host serves, or that a browser
opens straight from the disk: every page readers can reach from the home page (posts, pages,
archives, labels, older-post listings), the feeds (feeds/posts/default.atom, .rss, feed.json),
the sitemap, the theme's files and the images under /media/. Pages are made by the blog itself,
exactly as it serves them. Old addresses kept as redirects get small forwarding pages. Search
works in the mirror from a prebuilt index (search-index.js); comment forms need the live blog.

Run it again into the same DIR and only the files whose content changed are written; files the
last export made that no longer exist are removed. It prints how many were written, unchanged
and removed.

  --workers N      render threads beside the main one (default: one per spare core when more
                   than 2,000 pages changed; 0 renders everything on the main thread)
  --base-url URL   links rooted at URL's path ("https://example.org/blog/" → /blog/…), for a
                   host that serves DIR there; without it links are relative, so the mirror
                   works from file:// and under any sub-path

Set GLOSS_BASE_URL to the public address so canonical links and feeds name it.`,
  async run(args, io, context) {
    const { values, positionals } = parseArgs({
      args,
      options: { 'base-url': { type: 'string' }, workers: { type: 'string' } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one folder DIR');
    const baseUrl = values['base-url'];
    if (baseUrl !== undefined) {
      try {
        new URL(baseUrl, 'http://placeholder.invalid');
      } catch {
        throw new UsageError(`--base-url is an address or a path such as /blog/, not "${baseUrl}"`);
      }
    }
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 16)) {
      throw new UsageError(`--workers is a number of threads from 0 to 16, not "${values.workers}"`);
    }
    const dir = path.resolve(io.cwd, positionals[0]!);
    const config = context.config();
    return withStore(context, async (store) => {
      const { app, deps } = createApp({ store, config, now: context.now });
      const redirects = await store.db.selectFrom('redirects').select('from_path').execute();
      const source = {
        app,
        db: store.db,
        chrome: await deps.site.chrome(),
        origin: await deps.origin(),
        databaseUrl: config.databaseUrl,
      };
      const started = performance.now();
      const report = await exportStatic(source, dir, {
        baseUrl: baseUrl ?? null,
        workers,
        search: await mirrorSearchEntries(store.db, context.now()),
        start: redirects.map((r) => r.from_path).filter((p) => !p.includes('?')),
        onProgress: (done, total) => {
          if (io.isTTY) process.stderr.write(`\rRendered ${done} of ${total} changed pages\u001b[K`);
        },
      });
      if (io.isTTY) process.stderr.write('\n');
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      io.out(
        `Mirrored ${report.pages} pages, ${report.files} other files and ${report.redirects} forwarding pages to ${positionals[0]} (${report.rendered} pages rendered): ${report.written} written, ${report.unchanged} unchanged, ${report.removed} removed, in ${seconds} s.`,
      );
      for (const f of report.failed.slice(0, 20)) io.out(`  ${f.url} answered ${f.status}`);
      return report.failed.length ? 1 : 0;
    });
  },
};
