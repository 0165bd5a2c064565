import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { exportStaticSite } from '../export/static-site.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'export static',
  summary: 'Mirror the blog as static files',
  help: `Usage: gloss export static DIR [--force]

Writes every public page of the blog — home, posts, pages, archives, labels, "Older posts"
pages, feeds, sitemap, stylesheet and media — as files in DIR, at the same paths, so that any
static web server (nginx, Apache, GitHub Pages, S3) serves a read-only copy of the blog.
Blogger's post paths (/2017/07/slug.html) are kept as they are; folder URLs get index.html;
paging links with a query are rewritten to files. Comment forms are replaced by a note.

  --force   write into DIR even when it is not empty

The database is the one in DATABASE_URL. Feeds are written as feeds/posts/default/index.xml:
serve index.xml as a folder index (nginx: "index index.html index.xml;").`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { force: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one output folder DIR');
    const outDir = positionals[0]!;
    if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory())
      throw new UsageError(`${outDir} is a file, not a folder`);
    if (!values.force && fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) {
      throw new UsageError(`${outDir} is not empty: choose an empty folder, or add --force to write into it`);
    }
    const config = loadConfig(io.env, io.cwd);
    return withStore(io, async (store) => {
      const { app } = createApp({ store, config });
      const started = Date.now();
      const result = await exportStaticSite({
        fetch: async (url) => app.request(url),
        outDir,
        onFile: (_file, count) => {
          if (count % 500 === 0) io.err(`${count} files written…`);
        },
      });
      const mb = (result.bytes / 1024 / 1024).toFixed(1);
      io.out(
        `Wrote ${result.files} files (${mb} MB) to ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
      for (const m of result.missing.slice(0, 20)) io.err(`Not exported: ${m.url} answered ${m.status}`);
      if (result.missing.length > 20)
        io.err(`…and ${result.missing.length - 20} more links that answered an error.`);
      return 0;
    });
  },
};
