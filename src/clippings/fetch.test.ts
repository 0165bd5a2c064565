// The safe fetcher against real local servers. The SSRF tests prove a refused address is never
// connected to: listeners on loopback count every TCP connection they accept, and the fetcher
// runs with internal addresses refused (only the "public" test server's own address is trusted).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { internalAddressReason } from './addresses.ts';
import { decodeHtml, type FetchError, type FetchErrorCode, fetchPage, type Resolver } from './fetch.ts';

interface TestServer {
  host: string;
  port: number;
  base: string;
  /** TCP connections accepted so far. */
  connections: number;
  requests: string[];
  close: () => Promise<void>;
}

async function listen(host: string, handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  const state = { connections: 0, requests: [] as string[] };
  server.on('connection', () => state.connections++);
  server.on('request', (req) => state.requests.push(req.url ?? ''));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host,
    port,
    base: `http://${host}:${port}`,
    get connections() {
      return state.connections;
    },
    requests: state.requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function rejects(
  promise: Promise<unknown>,
  code: FetchErrorCode,
  message?: RegExp,
): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    assert.equal((err as FetchError).code, code, `expected ${code}, got: ${(err as Error).message}`);
    if (message) assert.match((err as Error).message, message);
    return err as FetchError;
  }
  assert.fail(`expected a ${code} error`);
}

const ARTICLE = '<!doctype html><html><head><title>A page</title></head><body><p>Hello</p></body></html>';

describe('internal addresses', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast, unspecified, mapped and embedded', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.0.9',
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.254',
      '0.0.0.0',
      '224.0.0.1',
      '239.255.255.250',
      '255.255.255.255',
      '198.18.0.1',
      '192.0.2.10',
      '::',
      '::1',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:8.8.8.8',
      '::127.0.0.1',
      '64:ff9b::a00:1',
      '2002:c0a8:101::1',
      '2001:db8::1',
      'fec0::1',
    ]) {
      assert.ok(internalAddressReason(address), `${address} should be refused`);
    }
  });

  it('allows ordinary public addresses', () => {
    for (const address of [
      '8.8.8.8',
      '93.184.216.34',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700:4700::1111',
      '2a00:1450:4001::200e',
      '64:ff9b::808:808',
      '2002:808:808::1',
    ]) {
      assert.equal(internalAddressReason(address), null, `${address} should be allowed`);
    }
  });
});

describe('fetchPage refuses internal addresses (SSRF)', () => {
  let publicServer: TestServer;
  let internal: TestServer;
  let internalV6: TestServer | null = null;
  const resolverCalls: string[] = [];
  // Names are resolved by this table, never by real DNS.
  const resolve: Resolver = async (name) => {
    resolverCalls.push(name);
    const table: Record<string, string[]> = {
      'news.test': ['127.0.0.1'],
      'intranet.test': ['10.1.2.3'],
      'internal.test': ['127.0.0.2'],
      'mixed.test': ['127.0.0.1', '192.168.0.7'],
      'mapped.test': ['::ffff:127.0.0.2'],
    };
    if (name === 'rebind.test') {
      // Public (trusted) the first time, internal after: a rebinding attack.
      return resolverCalls.filter((n) => n === name).length === 1
        ? [{ address: '127.0.0.1', family: 4 }]
        : [{ address: '127.0.0.2', family: 4 }];
    }
    const addresses = table[name];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  // The "public" server: 127.0.0.1 is trusted as if it were a public address.
  const guarded = { allowPrivate: false, resolve, trustedAddresses: ['127.0.0.1'] };

  before(async () => {
    internal = await listen('127.0.0.2', (_req, res) => res.end('internal secrets'));
    try {
      internalV6 = await listen('::1', (_req, res) => res.end('internal secrets'));
    } catch {
      internalV6 = null; // no IPv6 loopback on this machine
    }
    publicServer = await listen('127.0.0.1', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/to-internal-ip') {
        res.writeHead(302, { location: `http://127.0.0.2:${internal.port}/secret` });
      } else if (url.pathname === '/to-internal-name') {
        res.writeHead(301, { location: `http://internal.test:${internal.port}/secret` });
      } else if (url.pathname === '/to-metadata') {
        res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' });
      } else if (url.pathname === '/to-file') {
        res.writeHead(302, { location: 'file:///etc/passwd' });
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(ARTICLE);
        return;
      }
      res.end();
    });
  });

  after(async () => {
    await publicServer?.close();
    await internal?.close();
    await internalV6?.close();
  });

  it('refuses a loopback address with GLOSS_FETCH_ALLOW_PRIVATE off, and never connects', async () => {
    await rejects(fetchPage(`${internal.base}/`, { allowPrivate: false }), 'refused-address', /private/);
    await rejects(
      fetchPage(`http://127.0.0.1:${publicServer.port}/`, { allowPrivate: false }),
      'refused-address',
    );
    if (internalV6) await rejects(fetchPage(`http://[::1]:${internalV6.port}/`, {}), 'refused-address');
    assert.equal(internal.connections, 0);
    assert.equal(publicServer.connections, 0);
    assert.equal(internalV6?.connections ?? 0, 0);
  });

  it('refuses other spellings of loopback (hex, decimal, short forms)', async () => {
    for (const host of ['0x7f.0.0.2', '2130706434', '127.2', '[::ffff:127.0.0.2]', '[::ffff:7f00:2]']) {
      await rejects(fetchPage(`http://${host}:${internal.port}/`, guarded), 'refused-address');
    }
    assert.equal(internal.connections, 0);
  });

  it('refuses names that resolve to internal addresses, or to any internal address among several', async () => {
    await rejects(
      fetchPage('http://intranet.test/', guarded),
      'refused-address',
      /intranet\.test \(10\.1\.2\.3\)/,
    );
    await rejects(fetchPage(`http://internal.test:${internal.port}/`, guarded), 'refused-address');
    await rejects(fetchPage(`http://mapped.test:${internal.port}/`, guarded), 'refused-address');
    await rejects(fetchPage(`http://mixed.test:${publicServer.port}/`, guarded), 'refused-address');
    await rejects(fetchPage('http://nowhere.test/', guarded), 'dns', /could not be resolved/);
    assert.equal(internal.connections, 0);
  });

  it('refuses a redirect from an allowed server to an internal address, by number or by name', async () => {
    const before = publicServer.connections;
    await rejects(
      fetchPage(`http://news.test:${publicServer.port}/to-internal-ip`, guarded),
      'refused-address',
    );
    await rejects(
      fetchPage(`http://news.test:${publicServer.port}/to-internal-name`, guarded),
      'refused-address',
    );
    await rejects(fetchPage(`http://news.test:${publicServer.port}/to-metadata`, guarded), 'refused-address');
    await rejects(fetchPage(`http://news.test:${publicServer.port}/to-file`, guarded), 'scheme');
    assert.equal(publicServer.connections - before, 4, 'the allowed server was asked each time');
    assert.equal(internal.connections, 0, 'the internal server never was');
  });

  it('connects to the address it checked, so DNS rebinding cannot slip through', async () => {
    const page = await fetchPage(`http://rebind.test:${publicServer.port}/`, guarded);
    assert.match(page.html, /Hello/);
    assert.equal(resolverCalls.filter((n) => n === 'rebind.test').length, 1, 'resolved once');
    assert.equal(internal.connections, 0);
  });

  it('fetches internal addresses when GLOSS_FETCH_ALLOW_PRIVATE is set', async () => {
    const page = await fetchPage(`${publicServer.base}/`, { allowPrivate: true });
    assert.equal(page.status, 200);
    assert.equal(page.html, ARTICLE);
  });

  it('accepts only http and https', async () => {
    await rejects(fetchPage('ftp://example.com/a.html'), 'scheme');
    await rejects(fetchPage('file:///etc/passwd'), 'scheme');
    await rejects(fetchPage('javascript:alert(1)'), 'scheme');
    await rejects(fetchPage('not a url'), 'invalid-url');
    await rejects(fetchPage('http://user:pw@example.com/'), 'invalid-url');
  });
});

describe('fetchPage limits and content', () => {
  let server: TestServer;
  const big = `<!doctype html><html><body><p>${'x'.repeat(5000)}</p></body></html>`;

  before(async () => {
    server = await listen('127.0.0.1', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname;
      const send = (type: string, body: Buffer | string, headers: Record<string, string> = {}) => {
        res.writeHead(200, { 'content-type': type, ...headers });
        res.end(body);
      };
      if (path === '/pdf') return send('application/pdf', '%PDF-1.7\n%âãÏÓ\n1 0 obj');
      if (path === '/json') return send('application/json; charset=utf-8', '{"a":1}');
      if (path === '/untyped-binary') {
        res.writeHead(200);
        return res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
      }
      if (path === '/untyped-html') {
        res.writeHead(200);
        return res.end(ARTICLE);
      }
      if (path === '/big') return send('text/html', big);
      if (path === '/big-chunked') {
        res.writeHead(200, { 'content-type': 'text/html' });
        for (let i = 0; i < 10; i++) res.write('<p>'.padEnd(600, 'y'));
        return res.end();
      }
      if (path === '/bomb') {
        return send('text/html', zlib.gzipSync(Buffer.alloc(2_000_000, 0x20)), {
          'content-encoding': 'gzip',
        });
      }
      if (path === '/gzip') return send('text/html', zlib.gzipSync(ARTICLE), { 'content-encoding': 'gzip' });
      if (path === '/br')
        return send('text/html', zlib.brotliCompressSync(ARTICLE), { 'content-encoding': 'br' });
      if (path.startsWith('/hop/')) {
        const n = Number(path.slice(5));
        res.writeHead(
          n > 0 ? 302 : 200,
          n > 0 ? { location: `/hop/${n - 1}` } : { 'content-type': 'text/html' },
        );
        return res.end(n > 0 ? '' : ARTICLE);
      }
      if (path === '/loop') {
        res.writeHead(301, { location: '/loop' });
        return res.end();
      }
      if (path === '/never') return; // headers never come
      if (path === '/trickle') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => res.write('<p>more</p>'), 50);
        res.on('close', () => clearInterval(timer));
        return;
      }
      if (path === '/missing') {
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('gone');
      }
      if (path === '/cp1251') {
        return send(
          'text/html; charset=windows-1251',
          iconv.encode('<p>Привет, мир! Новости</p>', 'windows-1251'),
        );
      }
      if (path === '/latin1-meta') {
        const html =
          '<html><head><meta charset="ISO-8859-1"><title>Café</title></head><body><p>Übermäßig süß – à la crème</p></body></html>';
        // Pages labelled Latin-1 are really windows-1252 (the en dash is 0x96), as browsers assume.
        return send('text/html', iconv.encode(html, 'windows-1252'));
      }
      if (path === '/sjis-http-equiv') {
        const html =
          '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>ニュース</title></head><body><p>日本語の記事です。東京で会議。</p></body></html>';
        return send('text/html', iconv.encode(html, 'shift_jis'));
      }
      if (path === '/bom') {
        // The byte-order mark wins over a wrong header, as in browsers.
        return send(
          'text/html; charset=windows-1252',
          Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>naïve — ok</p>')]),
        );
      }
      send('text/html', ARTICLE);
    });
  });

  after(async () => {
    await server?.close();
  });

  const open = { allowPrivate: true };

  it('says clearly when the address is not a web page', async () => {
    await rejects(
      fetchPage(`${server.base}/pdf`, open),
      'not-html',
      /is a PDF document \(application\/pdf\), not a web page/,
    );
    await rejects(fetchPage(`${server.base}/json`, open), 'not-html', /JSON data/);
    await rejects(fetchPage(`${server.base}/untyped-binary`, open), 'not-html', /does not look like HTML/);
    const untyped = await fetchPage(`${server.base}/untyped-html`, open);
    assert.equal(untyped.html, ARTICLE);
  });

  it('refuses pages larger than the limit, declared, streamed or compressed', async () => {
    await rejects(fetchPage(`${server.base}/big`, { ...open, maxBytes: 1000 }), 'too-large');
    await rejects(fetchPage(`${server.base}/big-chunked`, { ...open, maxBytes: 1000 }), 'too-large');
    await rejects(fetchPage(`${server.base}/bomb`, { ...open, maxBytes: 100_000 }), 'too-large');
    const ok = await fetchPage(`${server.base}/big`, { ...open, maxBytes: 10_000 });
    assert.equal(ok.html, big);
  });

  it('decompresses gzip and brotli', async () => {
    assert.equal((await fetchPage(`${server.base}/gzip`, open)).html, ARTICLE);
    assert.equal((await fetchPage(`${server.base}/br`, open)).html, ARTICLE);
  });

  it('follows redirects up to the limit, and no further', async () => {
    const page = await fetchPage(`${server.base}/hop/2`, { ...open, maxRedirects: 3 });
    assert.equal(page.url, `${server.base}/hop/0`);
    assert.deepEqual(page.redirects, [`${server.base}/hop/1`, `${server.base}/hop/0`]);
    await rejects(fetchPage(`${server.base}/hop/4`, { ...open, maxRedirects: 3 }), 'too-many-redirects');
    await rejects(fetchPage(`${server.base}/loop`, open), 'too-many-redirects', /more than 5 times/);
  });

  it('gives up when the server is too slow, before headers or during the body', async () => {
    const start = Date.now();
    await rejects(fetchPage(`${server.base}/never`, { ...open, timeoutMs: 300 }), 'timeout', /0\.3 s/);
    await rejects(fetchPage(`${server.base}/trickle`, { ...open, timeoutMs: 300 }), 'timeout');
    assert.ok(Date.now() - start < 3000, 'both gave up promptly');
  });

  it('reports HTTP errors', async () => {
    await rejects(fetchPage(`${server.base}/missing`, open), 'http-status', /answered 404/);
  });

  it('decodes windows-1251, ISO-8859-1 and Shift_JIS pages, from the header or a meta tag', async () => {
    const cyrillic = await fetchPage(`${server.base}/cp1251`, open);
    assert.equal(cyrillic.charset, 'windows-1251');
    assert.match(cyrillic.html, /Привет, мир! Новости/);
    const latin = await fetchPage(`${server.base}/latin1-meta`, open);
    assert.equal(latin.charset, 'windows-1252');
    assert.match(latin.html, /<title>Café<\/title>/);
    assert.match(latin.html, /Übermäßig süß – à la crème/);
    const japanese = await fetchPage(`${server.base}/sjis-http-equiv`, open);
    assert.equal(japanese.charset, 'shift_jis');
    assert.match(japanese.html, /日本語の記事です。東京で会議。/);
    const bom = await fetchPage(`${server.base}/bom`, open);
    assert.equal(bom.charset, 'utf-8');
    assert.equal(bom.html, '<p>naïve — ok</p>');
  });

  it('falls back to UTF-8 when valid, else windows-1252', () => {
    assert.equal(decodeHtml(Buffer.from('<p>ünïcode ✓</p>')).text, '<p>ünïcode ✓</p>');
    const legacy = decodeHtml(Buffer.from([0x3c, 0x70, 0x3e, 0x93, 0x71, 0x94, 0x3c, 0x2f, 0x70, 0x3e]));
    assert.equal(legacy.charset, 'windows-1252');
    assert.equal(legacy.text, '<p>“q”</p>');
    // An unknown label is ignored rather than trusted.
    assert.equal(decodeHtml(Buffer.from('<p>ok</p>'), 'x-made-up').charset, 'utf-8');
  });
});
