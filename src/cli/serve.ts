import { parseArgs } from 'node:util';
import { createApp } from '../app.tsx';
import { issueSetupToken } from '../auth/setup-token.ts';
import { seedEmptyBlog } from '../clippings/seed.ts';
import { startServices } from '../services.ts';
import { openStore } from '../storage/db.ts';
import { createServer, listen } from '../web/server.ts';
import { buildAssets } from '../web/theme/assets.ts';
import { urls } from '../web/urls.ts';
import { type Command, UsageError } from './command.ts';

export const command: Command = {
  name: 'serve',
  summary: 'Serve the blog',
  help: `Usage: gloss serve [--no-seed]

Serves the blog at http://HOST:PORT (default 127.0.0.1:8080) from the database in DATABASE_URL
(default ./data/gloss.db; a file path for SQLite or a postgres:// URL). On an empty database it
creates the sample blog with its first post. Until an owner account exists it prints a one-time
link that creates it: there is no default password.

  --no-seed   start an empty database empty (no sample post)

Environment: PORT, HOST, DATABASE_URL, GLOSS_BASE_URL (public address behind a proxy),
GLOSS_MEDIA_DIR (uploaded images, default ./data/media), SMTP_HOST/SMTP_PORT/SMTP_USER/
SMTP_PASSWORD/SMTP_FROM (comment notifications).`,
  async run(args, io, context) {
    const { values } = parseArgs({ args, options: { 'no-seed': { type: 'boolean' } }, strict: false });
    if (args.some((a) => !['--no-seed'].includes(a)))
      throw new UsageError(`unknown option ${args.join(' ')}`);
    const config = context.config();
    const store = await openStore(config.databaseUrl);
    if (!values['no-seed']) {
      const first = await seedEmptyBlog(store.db, context.now());
      if (first) io.out(`Created the sample blog; its first post is at ${first}`);
    }
    const { app, deps } = createApp({ store, config, now: context.now });
    buildAssets(); // the editor's bundle, built before the first request rather than on it
    const server = createServer(app, deps.cache);
    const address = await listen(server, config.port, config.host);
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const base = config.baseUrl ?? `http://${host}:${address.port}`;
    io.out(`Gloss is serving ${base}/ (database: ${describeDb(config.databaseUrl)})`);
    const token = await issueSetupToken(store.db, context.now());
    if (token)
      io.out(`Create the owner account (this link works once, for 24 hours): ${base}${urls.setup(token)}`);
    const stopServices = startServices(deps);

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.out('Stopping…');
    stopServices();
    await new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await store.close();
    return 0;
  },
};

function describeDb(url: string): string {
  return /^postgres/i.test(url) ? url.replace(/\/\/([^@/]*)@/, '//***@') : url;
}
