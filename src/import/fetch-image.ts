// A small guarded fetch for --download-images: only http(s), only the hosts the user allows (the
// image hosts of the blog being imported), never an internal address unless the configuration
// allows it (GLOSS_FETCH_ALLOW_PRIVATE=1, for tests), the connection made to exactly the address
// that was checked, a time limit, a size limit and few redirects, each hop checked again.
import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { internalAddressReason } from '../clippings/addresses.ts';

export interface ImageFetchOptions {
  /** Host patterns: "example.com", "*.bp.blogspot.com", "127.0.0.1:4567". */
  allowHosts: string[];
  allowPrivate: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

export class ImageFetchError extends Error {}

const MAX_REDIRECTS = 3;

export function hostAllowed(url: URL, patterns: string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const withPort = url.port ? `${host}:${url.port}` : host;
  return patterns.some((raw) => {
    const p = raw.toLowerCase().trim();
    if (!p) return false;
    if (p.startsWith('*.')) return host.endsWith(p.slice(1)) || host === p.slice(2);
    return p === withPort || (!p.includes(':') && p === host && !url.port);
  });
}

export async function fetchImage(
  rawUrl: string,
  options: ImageFetchOptions,
): Promise<{ bytes: Buffer; contentType: string; url: string }> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let url = parseUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    if (!hostAllowed(url, options.allowHosts))
      throw new ImageFetchError(`${url.host} is not an allowed image host`);
    const address = await checkedAddress(url.hostname, options.allowPrivate);
    const res = await request(url, address, deadline);
    if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new ImageFetchError('too many redirects');
      url = parseUrl(new URL(res.headers.location, url).toString());
      continue;
    }
    if (res.statusCode !== 200) {
      res.resume();
      throw new ImageFetchError(`HTTP ${res.statusCode}`);
    }
    const contentType = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (contentType && !contentType.startsWith('image/') && contentType !== 'application/octet-stream') {
      res.resume();
      throw new ImageFetchError(`not an image (${contentType})`);
    }
    const bytes = await readBody(res, options.maxBytes ?? 25 * 1024 * 1024, deadline);
    return { bytes, contentType, url: url.toString() };
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.startsWith('//') ? `https:${raw}` : raw);
  } catch {
    throw new ImageFetchError('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ImageFetchError(`${url.protocol} URLs are not fetched`);
  return url;
}

async function checkedAddress(
  hostname: string,
  allowPrivate: boolean,
): Promise<{ address: string; family: number }> {
  const name = hostname.replace(/^\[|\]$/g, '');
  const found = isIP(name)
    ? [{ address: name, family: isIP(name) }]
    : await lookup(name, { all: true, verbatim: true }).catch(() => {
        throw new ImageFetchError(`cannot resolve ${name}`);
      });
  for (const a of found) {
    const reason = internalAddressReason(a.address);
    if (reason && !allowPrivate)
      throw new ImageFetchError(`${name} resolves to an internal address (${reason})`);
  }
  if (found.length === 0) throw new ImageFetchError(`cannot resolve ${name}`);
  return found[0]!;
}

function request(
  url: URL,
  address: { address: string; family: number },
  deadline: number,
): Promise<IncomingMessage> {
  const fixed: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all)
      callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  };
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    const req = get(url, { lookup: fixed, headers: { 'user-agent': 'Gloss/0.1 (blog import)' } }, resolve);
    req.setTimeout(Math.max(1, deadline - Date.now()), () => req.destroy(new ImageFetchError('timed out')));
    req.on('error', (err) => reject(err instanceof ImageFetchError ? err : new ImageFetchError(err.message)));
  });
}

function readBody(res: IncomingMessage, maxBytes: number, deadline: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(
      () => res.destroy(new ImageFetchError('timed out')),
      Math.max(1, deadline - Date.now()),
    );
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes)
        res.destroy(new ImageFetchError(`larger than ${Math.round(maxBytes / 1048576)} MiB`));
      else chunks.push(chunk);
    });
    res.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    res.on('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof ImageFetchError ? err : new ImageFetchError(err.message));
    });
  });
}
