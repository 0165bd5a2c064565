// A small "news site" on 127.0.0.1 for clipping tests: one story, the same story syndicated under
// another address, and a different story. Clip it with allowPrivate (GLOSS_FETCH_ALLOW_PRIVATE=1).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const STORY = [
  'The provincial governor opened the new bridge across the river on Saturday morning, ending a decade of ferry crossings.',
  'Traders on both banks said the crossing would cut the time it takes to bring rice and fish to the market by half.',
  'Engineers from the ministry said the bridge was built to withstand the floods that closed the old ferry for weeks each year.',
  'The governor thanked the villagers who gave up land for the approach roads and promised compensation by the end of the year.',
];

export const PATHS = {
  story: '/2024/03/bridge.html',
  syndicated: '/wire/12345',
  other: '/2024/03/market.html',
};

export function articlePage(base: string, canonicalPath: string, title: string, paragraphs = STORY): string {
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: title,
    author: [{ '@type': 'Person', name: 'Sokha Chan' }],
    publisher: { '@type': 'Organization', name: 'River Times' },
    datePublished: '2024-03-09T08:00:00+07:00',
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | River Times</title>
<link rel="canonical" href="${base}${canonicalPath}">
<meta property="og:image" content="${base}/img/bridge-1200x630.jpg">
<style>body{font:18px/1.6 Georgia,serif;max-width:40rem;margin:2rem auto;padding:0 1rem}img{max-width:100%}</style>
<script type="application/ld+json">${JSON.stringify(jsonLd)}</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${title}</h1>
<figure><img src="${base}/img/bridge-800x450.svg" alt="The bridge at dawn" width="800" height="450"><figcaption>The new bridge at dawn. Photo: Dara Kim</figcaption></figure>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article><footer>© River Times</footer></body></html>`;
}

const PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 800 450">
<rect width="800" height="450" fill="#9cc3d5"/><rect y="300" width="800" height="150" fill="#3d6e8a"/>
<path d="M0 300 Q200 170 400 300 Q600 170 800 300" fill="none" stroke="#444" stroke-width="14"/>
<circle cx="640" cy="90" r="40" fill="#f6d36b"/></svg>`;

export async function startNewsSite() {
  let base = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const pages: Record<string, () => string> = {
      [PATHS.story]: () => articlePage(base, PATHS.story, 'Governor opens the new river bridge'),
      [PATHS.syndicated]: () => articlePage(base, PATHS.syndicated, 'New bridge opens across the river'),
      [PATHS.other]: () =>
        articlePage(base, PATHS.other, 'Market prices steady as the dry season ends', [
          ...STORY.map((p) => p.replace('bridge', 'market hall')),
          'A fifth paragraph makes this a different story.',
        ]),
    };
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname.startsWith('/img/')) {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      res.end(PICTURE);
      return;
    }
    const render = pages[url.pathname];
    if (!render) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(render());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (path: string) => `${base}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
