// Gloss itself, serving a database file: node --import tsx bench/lib/gloss-server.ts DB_PATH [nocache]
import { createApp } from '../../src/app.tsx';
import { loadConfig } from '../../src/config.ts';
import { openStore } from '../../src/storage/db.ts';
import { createServer, listen } from '../../src/web/server.ts';

const store = await openStore(process.argv[2]!);
const { app, deps } = createApp({
  store,
  config: loadConfig({
    DATABASE_URL: process.argv[2],
    GLOSS_CACHE: process.argv[3] === 'nocache' ? 'off' : 'on',
  }),
});
const address = await listen(createServer(app, deps.cache), 0, '127.0.0.1');
process.stdout.write(`${address.port}\n`);
