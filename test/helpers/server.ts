// A real Gloss server on an ephemeral port, for browser tests and anything that needs HTTP.
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.tsx';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Store } from '../../src/storage/db.ts';
import { createServer, listen } from '../../src/web/server.ts';

export async function startServer(store: Store, overrides: Partial<Config> = {}, now?: () => Date) {
  const config = { ...loadConfig({}, process.cwd()), ...overrides };
  let base: string | undefined;
  const { app, deps } = createApp({ store, config, now, listeningAt: () => base });
  const server = createServer(app, deps.cache);
  const address: AddressInfo = await listen(server, 0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
  return {
    base: base as string,
    app,
    deps,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
