// A real HTTP server on 127.0.0.1 whose answers a test changes as it goes: feeds that gain
// entries, 304s for validators, errors and Retry-After. It logs every request it answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Route = (req: http.IncomingMessage) => Answer;

export interface FeedServer {
  base: string;
  routes: Map<string, Route>;
  log: { path: string; headers: http.IncomingHttpHeaders }[];
  /** Milliseconds every answer is held back (to watch concurrency); 0 answers at once. */
  hold: number;
  /** Called with the number of requests being answered whenever it changes. */
  onFlight?: (n: number) => void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const log: FeedServer['log'] = [];
  let flying = 0;
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    log.push({ path, headers: req.headers });
    self.onFlight?.(++flying);
    const route = routes.get(path);
    const answer = route ? route(req) : { status: 404, body: 'not here' };
    const send = () => {
      self.onFlight?.(--flying);
      res.writeHead(answer.status ?? 200, answer.headers ?? {});
      res.end(answer.body ?? '');
    };
    if (self.hold > 0) setTimeout(send, self.hold);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const self: FeedServer = {
    base: `http://127.0.0.1:${port}`,
    routes,
    log,
    hold: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return self;
}

/** An RSS 2.0 feed of the given items (newest first is the caller's business). */
export function rssFeed(
  title: string,
  site: string,
  items: { title: string; link: string; guid?: string; date: string; description?: string }[],
): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>${esc(site)}</link><description>d</description>
${items
  .map(
    (i) =>
      `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid>${esc(i.guid ?? i.link)}</guid><pubDate>${new Date(i.date).toUTCString()}</pubDate><description>${esc(i.description ?? i.title)}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}
