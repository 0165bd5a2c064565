import path from 'node:path';
import { createApp } from '../app.tsx';
import { exportStatic } from '../export/static.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'export static',
  summary: 'Mirror the blog as static files',
  help: `Usage: gloss export static DIR

Writes the public blog into DIR as plain files that any static host serves: every page readers
can reach from the home page (posts, pages, archives, labels, older-post listings), the feeds, the
sitemap, the theme's files and the images under /media/. Pages are made by the blog itself,
exactly as it serves them; links between them are rewritten to the files (/search/label/News →
search/label/News/index.html). Old addresses kept as redirects get small forwarding pages.
Comment and search forms need the live blog. Set GLOSS_BASE_URL to the public address so
canonical links and feeds name it.`,
  async run(args, io, context) {
    if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('give exactly one folder DIR');
    const dir = path.resolve(io.cwd, args[0]!);
    const config = context.config();
    return withStore(context, async (store) => {
      const { app } = createApp({ store, config, now: context.now });
      const redirects = await store.db.selectFrom('redirects').select('from_path').execute();
      const report = await exportStatic(app, dir, {
        origin: config.baseUrl,
        start: redirects.map((r) => r.from_path).filter((p) => !p.includes('?')),
        onProgress: (done, queued) => {
          if (io.isTTY) process.stderr.write(`\rFetched ${done} of ${queued} known addresses\u001b[K`);
        },
      });
      if (io.isTTY) process.stderr.write('\n');
      io.out(
        `Wrote ${report.pages} pages, ${report.files} other files and ${report.redirects} forwarding pages to ${args[0]}.`,
      );
      for (const f of report.failed.slice(0, 20)) io.out(`  ${f.url} answered ${f.status}`);
      return report.failed.length ? 1 : 0;
    });
  },
};
