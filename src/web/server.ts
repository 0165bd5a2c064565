// The HTTP server. Cached public pages are answered straight from node:http, before Hono parses
// anything: the page cache's fast path. Everything else goes through the Hono app.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { notModified } from './middleware/page-cache.ts';
import { isCacheable, isPersonal, type PageCache } from './page-cache.ts';

export function createServer(app: Hono, cache: PageCache): http.Server {
  const honoListener = getRequestListener(app.fetch);
  // Requests read from the sockets in one poll of the event loop all arrived before the first of
  // them is answered, so the content version read for that first one holds for them all: a page
  // drawn from the cache after it shows every write made before the request came. The read is
  // forgotten when the poll ends (setImmediate runs right after it), before any later request.
  let polled = false;
  const forget = () => {
    polled = false;
  };
  return http.createServer((req, res) => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (!cache.enabled || !isCacheable(method, url) || isPersonal(req.headers.cookie))
      return void honoListener(req, res);
    if (polled) return serve();
    const synced = cache.sync();
    if (typeof synced === 'number') {
      polled = true;
      setImmediate(forget);
      return serve();
    }
    synced.then(serve, () => honoListener(req, res));

    function serve() {
      const page = cache.get(url);
      if (!page) return void honoListener(req, res);
      // Headers worked out when the page was stored: nothing is built per answer.
      if (notModified(page, req.headers['if-none-match'], req.headers['if-modified-since'])) {
        res.writeHead(304, page.wireNotModified);
        return void res.end();
      }
      res.writeHead(page.status, page.wire);
      res.end(method === 'HEAD' ? undefined : page.body);
    }
  });
}

export function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
