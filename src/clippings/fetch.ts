// The safe fetcher behind "clip a URL": it fetches one HTML page for an editor and refuses to be
// turned against the server's own network (SSRF). Each hop (the first request and every redirect,
// followed by hand) resolves the name once, refuses internal addresses, then connects to exactly
// the address it checked, so a name that resolves differently a moment later (DNS rebinding)
// cannot slip through. Limits: total time, decoded size, number of redirects.
import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { internalAddressReason } from './addresses.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name → addresses. The default asks the system resolver; tests pass their own. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchPageOptions {
  /** Allow internal addresses (GLOSS_FETCH_ALLOW_PRIVATE=1; tests serving pages from 127.0.0.1). */
  allowPrivate?: boolean;
  /** The whole fetch, every redirect included (default 15 s). */
  timeoutMs?: number;
  /** Largest page accepted, after decompression (default 8 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  resolve?: Resolver;
  /** Addresses treated as public although they are not: for tests that prove the guard. */
  trustedAddresses?: readonly string[];
  userAgent?: string;
}

export interface FetchedPage {
  /** The URL the page was finally read from, after redirects. */
  url: string;
  requestedUrl: string;
  redirects: string[];
  status: number;
  contentType: string;
  /** The character encoding the bytes were decoded from. */
  charset: string;
  html: string;
  bytes: number;
  fetchedAt: string;
}

export type FetchErrorCode =
  | 'invalid-url'
  | 'scheme'
  | 'refused-address'
  | 'dns'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'not-html'
  | 'http-status'
  | 'network';

export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  maxBytes: 8 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'Mozilla/5.0 (compatible; Gloss/0.1; clipping an article for an editor)',
};

const systemResolver: Resolver = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export async function fetchPage(rawUrl: string, options: FetchPageOptions = {}): Promise<FetchedPage> {
  const deadline = new Deadline(options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs);
  try {
    const { url, redirects, response } = await followRedirects(rawUrl, options, deadline, PAGE_HEADERS);
    return await deadline.race(readPage(rawUrl, url, redirects, response, options));
  } finally {
    deadline.clear();
  }
}

export interface FetchedImage {
  url: string;
  bytes: Buffer;
  contentType: string;
}

const IMAGE_HEADERS = { accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif,*/*;q=0.5' };

/** An image, fetched with the same guards as a page (public addresses only, size and time caps). */
export async function fetchImageBytes(rawUrl: string, options: FetchPageOptions = {}): Promise<FetchedImage> {
  const opts = { maxBytes: 20 * 1024 * 1024, ...options };
  const deadline = new Deadline(opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs);
  try {
    const { url, response } = await followRedirects(rawUrl, opts, deadline, IMAGE_HEADERS);
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      response.destroy();
      throw new FetchError('http-status', `${url.host} answered ${status} for ${url.href}`);
    }
    const contentType = String(response.headers['content-type'] ?? '').toLowerCase();
    if (
      contentType &&
      !contentType.startsWith('image/') &&
      !contentType.startsWith('application/octet-stream')
    ) {
      response.destroy();
      throw new FetchError('not-html', `${url.href} is ${contentType}, not an image`);
    }
    const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
    const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
    const bytes = await deadline.race(readLimited(decompressed(response, encoding), maxBytes, url));
    return { url: url.href, bytes, contentType };
  } finally {
    deadline.clear();
  }
}

const PAGE_HEADERS = {
  accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
  'accept-language': 'en;q=0.9, *;q=0.5',
};

/** What a feed's server remembers between fetches: sent back so an unchanged feed answers 304. */
export interface FeedValidators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchedFeed =
  | {
      kind: 'feed';
      url: string;
      status: number;
      contentType: string;
      charset: string;
      text: string;
      bytes: number;
      etag: string | null;
      lastModified: string | null;
      /** The Link header (where WebSub hubs are named), all of its values joined. */
      link: string | null;
    }
  | { kind: 'not-modified'; url: string }
  /** An answer other than 2xx/304; Retry-After (seconds or date) as the server gave it. */
  | { kind: 'http-error'; url: string; status: number; message: string; retryAfter: string | null };

/**
 * Fetches a feed (RSS, Atom, RDF, JSON Feed) through the same guard as fetchPage: conditional GET
 * with the validators of the last 200, the body decoded to text as an XML parser would (BOM, then
 * the header's charset, then the XML declaration's, else UTF-8 or windows-1252). HTTP errors are
 * answered, not thrown, so the poller can honour Retry-After; network and guard failures throw.
 */
export async function fetchFeed(
  rawUrl: string,
  validators: FeedValidators = {},
  options: FetchPageOptions = {},
): Promise<FetchedFeed> {
  const deadline = new Deadline(options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs);
  const headers: Record<string, string> = {
    accept:
      'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  try {
    const { url, response } = await followRedirects(rawUrl, options, deadline, headers);
    const status = response.statusCode ?? 0;
    if (status === 304) {
      response.destroy();
      return { kind: 'not-modified', url: url.href };
    }
    if (status < 200 || status > 299) {
      response.destroy();
      const retryAfter = response.headers['retry-after'];
      return {
        kind: 'http-error',
        url: url.href,
        status,
        message: `${url.host} answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
      };
    }
    const contentType = String(response.headers['content-type'] ?? '');
    const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
    const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
    if (!encoding && Number(response.headers['content-length']) > maxBytes) {
      response.destroy();
      throw tooLarge(url, maxBytes);
    }
    const body = await deadline.race(readLimited(decompressed(response, encoding), maxBytes, url));
    const { text, charset } = decodeXml(body, charsetParam(contentType));
    const header = (name: string) => {
      const value = response.headers[name];
      return typeof value === 'string' && value ? value : null;
    };
    return {
      kind: 'feed',
      url: url.href,
      status,
      contentType: contentType.split(';')[0]!.trim().toLowerCase(),
      charset,
      text,
      bytes: body.length,
      etag: header('etag'),
      lastModified: header('last-modified'),
      link: header('link'),
    };
  } finally {
    deadline.clear();
  }
}

/** Every hop checked by the SSRF guard; returns the final, non-redirect response. */
async function followRedirects(
  rawUrl: string,
  options: FetchPageOptions,
  deadline: Deadline,
  headers: Record<string, string>,
): Promise<{ url: URL; redirects: string[]; response: IncomingMessage }> {
  const maxRedirects = options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  let url = parseUrl(rawUrl);
  const redirects: string[] = [];
  for (;;) {
    const target = await deadline.race(checkedAddress(url, options));
    const response = await deadline.race(request(url, target, options, deadline, headers));
    const location = response.headers.location;
    if (response.statusCode && [301, 302, 303, 307, 308].includes(response.statusCode) && location) {
      response.destroy();
      if (redirects.length >= maxRedirects) {
        throw new FetchError(
          'too-many-redirects',
          `${rawUrl} redirects more than ${maxRedirects} times; giving up`,
        );
      }
      url = parseUrl(location, url);
      redirects.push(url.href);
      continue;
    }
    return { url, redirects, response };
  }
}

function parseUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value.trim(), base);
  } catch {
    throw new FetchError('invalid-url', `"${value}" is not a web address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('scheme', `only http and https addresses can be clipped, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new FetchError('invalid-url', 'addresses with a user name or password are not fetched');
  }
  url.hash = '';
  return url;
}

/** Resolves the URL's host once and returns the address to connect to, or refuses. */
async function checkedAddress(url: URL, options: FetchPageOptions): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  const literal = isIP(host);
  if (literal) {
    addresses = [{ address: host, family: literal as 4 | 6 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new FetchError('dns', `the name ${host} could not be resolved${code ? ` (${code})` : ''}`);
    }
    if (addresses.length === 0) throw new FetchError('dns', `the name ${host} has no address`);
  }
  if (!options.allowPrivate) {
    const trusted = new Set(options.trustedAddresses ?? []);
    // One internal address among several refuses the name: the system might pick any of them.
    for (const { address } of addresses) {
      const reason = trusted.has(address) ? null : internalAddressReason(address);
      if (reason) {
        const shown = literal ? host : `${host} (${address})`;
        throw new FetchError(
          'refused-address',
          `refused to fetch ${shown}: ${reason}. Only pages on the public internet can be clipped.`,
        );
      }
    }
  }
  return addresses[0]!;
}

function request(
  url: URL,
  target: ResolvedAddress,
  options: FetchPageOptions,
  deadline: Deadline,
  headers: Record<string, string>,
  body?: { method: 'POST'; bytes: Buffer },
): Promise<IncomingMessage> {
  // The connection goes to the checked address whatever the name resolves to now.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: body?.method ?? 'GET',
      agent: false,
      lookup: pinned,
      headers: {
        'user-agent': options.userAgent ?? FETCH_DEFAULTS.userAgent,
        'accept-encoding': 'gzip, deflate, br',
        ...headers,
      },
    });
    deadline.onExpire(() => req.destroy());
    req.on('response', resolve);
    req.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        deadline.expired
          ? deadline.error()
          : new FetchError('network', `could not fetch ${url.host}: ${err.code ?? err.message}`),
      );
    });
    req.end(body?.bytes);
  });
}

export interface PostedForm {
  url: string;
  status: number;
  /** The answer's first few kilobytes as text (an error's explanation). */
  text: string;
}

/**
 * POSTs a form (application/x-www-form-urlencoded) through the same guard as every fetch:
 * public addresses only, the address checked is the address connected to, a time limit. Redirects
 * are not followed (a POST is not repeated elsewhere); the answer is read up to 16 KiB.
 */
export async function postForm(
  rawUrl: string,
  form: Record<string, string>,
  options: FetchPageOptions = {},
): Promise<PostedForm> {
  const deadline = new Deadline(options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs);
  const bytes = Buffer.from(new URLSearchParams(form).toString());
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(bytes.length),
    accept: 'text/plain, */*;q=0.5',
  };
  try {
    const url = parseUrl(rawUrl);
    const target = await deadline.race(checkedAddress(url, options));
    const response = await deadline.race(
      request(url, target, options, deadline, headers, { method: 'POST', bytes }),
    );
    const text = await deadline.race(readPrefix(response, 16 * 1024));
    return { url: url.href, status: response.statusCode ?? 0, text };
  } finally {
    deadline.clear();
  }
}

/** The first maxBytes of an answer as UTF-8; the rest is not read. */
async function readPrefix(response: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= maxBytes) break;
    }
  } catch {
    // a body cut short still says what it said
  }
  response.destroy();
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

async function readPage(
  requestedUrl: string,
  url: URL,
  redirects: string[],
  response: IncomingMessage,
  options: FetchPageOptions,
): Promise<FetchedPage> {
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    response.destroy();
    throw new FetchError(
      'http-status',
      `${url.host} answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} for ${url.href}`,
    );
  }
  const contentType = String(response.headers['content-type'] ?? '');
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  if (mime && mime !== 'text/html' && mime !== 'application/xhtml+xml') {
    response.destroy();
    throw new FetchError(
      'not-html',
      `${url.href} is ${describeMime(mime)} (${mime}), not a web page: only HTML articles can be clipped`,
    );
  }
  const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const declared = Number(response.headers['content-length']);
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  if (!encoding && declared > maxBytes) {
    response.destroy();
    throw tooLarge(url, maxBytes);
  }
  const body = await readLimited(decompressed(response, encoding), maxBytes, url);
  if (!mime && !looksLikeHtml(body)) {
    throw new FetchError('not-html', `${url.href} did not say what it is and does not look like HTML`);
  }
  const { text, charset } = decodeHtml(body, charsetParam(contentType));
  return {
    url: url.href,
    requestedUrl,
    redirects,
    status,
    contentType: mime || 'text/html',
    charset,
    html: text,
    bytes: body.length,
    fetchedAt: new Date().toISOString(),
  };
}

function decompressed(response: IncomingMessage, encoding: string): Readable {
  const stream =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : null;
  if (!stream) return response;
  response.on('error', (err) => stream.destroy(err));
  return response.pipe(stream);
}

/** Reads at most maxBytes (counted after decompression, so a small bomb cannot grow past it). */
async function readLimited(stream: Readable, maxBytes: number, url: URL): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        stream.destroy();
        throw tooLarge(url, maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    throw new FetchError('network', `the page at ${url.host} could not be read: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks);
}

function tooLarge(url: URL, maxBytes: number): FetchError {
  return new FetchError(
    'too-large',
    `${url.href} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; not fetched`,
  );
}

function describeMime(mime: string): string {
  if (mime === 'application/pdf') return 'a PDF document';
  if (mime === 'application/json' || mime.endsWith('+json')) return 'JSON data';
  if (mime.endsWith('xml')) return 'an XML document (perhaps a feed)';
  if (mime.startsWith('image/')) return 'an image';
  if (mime.startsWith('video/')) return 'a video';
  if (mime.startsWith('audio/')) return 'an audio file';
  if (mime === 'text/plain') return 'plain text';
  return 'a file of another kind';
}

function looksLikeHtml(body: Buffer): boolean {
  const head = body
    .subarray(0, 1024)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  return /^\s*</.test(head) && /<(!doctype html|html|head|body|p|div|title|meta)\b/i.test(head);
}

function charsetParam(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
}

// Labels browsers treat as another encoding (WHATWG Encoding): Latin-1 pages really are 1252.
const LABEL_ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'iso-8859-11': 'windows-874',
  'tis-620': 'windows-874',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  'x-sjis': 'shift_jis',
  'ks_c_5601-1987': 'euc-kr',
  utf8: 'utf-8',
};

function encodingFor(label: string | undefined): string | null {
  if (!label) return null;
  const name = label.trim().toLowerCase();
  const mapped = LABEL_ALIASES[name] ?? name;
  return iconv.encodingExists(mapped) ? mapped : null;
}

/**
 * Decodes an HTML page the way a browser would: a byte-order mark wins, then the charset in the
 * Content-Type header, then a <meta charset> or http-equiv near the top, then UTF-8 when the
 * bytes are valid UTF-8, else windows-1252.
 */
export function decodeHtml(bytes: Buffer, headerCharset?: string): { text: string; charset: string } {
  let charset = bomCharset(bytes) ?? encodingFor(headerCharset) ?? encodingFor(metaCharset(bytes));
  // A page cannot declare itself UTF-16 from inside (the declaration would be unreadable).
  if (!charset || (charset.startsWith('utf-16') && !bomCharset(bytes))) {
    charset = isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';
  }
  return { text: iconv.decode(bytes, charset, { stripBOM: true }), charset };
}

/**
 * Decodes a feed: a byte-order mark wins, then the Content-Type charset, then the XML
 * declaration's encoding, else UTF-8 when the bytes are valid UTF-8, else windows-1252. The
 * declaration is left in place; parsers ignore it on a string.
 */
export function decodeXml(bytes: Buffer, headerCharset?: string): { text: string; charset: string } {
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(
    bytes
      .subarray(0, 512)
      .toString('latin1')
      .replace(/^\xEF\xBB\xBF/, ''),
  )?.[1];
  let charset = bomCharset(bytes) ?? encodingFor(headerCharset) ?? encodingFor(declared);
  if (charset === 'utf-8' && !bomCharset(bytes) && !isValidUtf8(bytes)) charset = 'windows-1252';
  if (!charset || (charset.startsWith('utf-16') && !bomCharset(bytes) && !looksUtf16(bytes))) {
    charset = isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';
  }
  return { text: iconv.decode(bytes, charset, { stripBOM: true }), charset };
}

function looksUtf16(bytes: Buffer): boolean {
  return (bytes[0] === 0 && bytes[1] === 0x3c) || (bytes[0] === 0x3c && bytes[1] === 0);
}

function bomCharset(bytes: Buffer): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function metaCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 8192).toString('latin1');
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct) return direct[1];
  }
  return undefined;
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** One timer for the whole fetch: when it fires, the current request is torn down. */
class Deadline {
  expired = false;
  private readonly timer: NodeJS.Timeout;
  private listeners: (() => void)[] = [];
  private rejectRace: ((err: Error) => void)[] = [];

  constructor(private readonly ms: number) {
    this.timer = setTimeout(() => {
      this.expired = true;
      for (const fn of this.listeners) fn();
      for (const reject of this.rejectRace) reject(this.error());
    }, ms);
  }

  error(): FetchError {
    return new FetchError('timeout', `the page took longer than ${this.ms / 1000} s; gave up`);
  }

  onExpire(fn: () => void): void {
    this.listeners.push(fn);
  }

  race<T>(promise: Promise<T>): Promise<T> {
    if (this.expired) return Promise.reject(this.error());
    return new Promise<T>((resolve, reject) => {
      this.rejectRace.push(reject);
      promise.then(resolve, reject);
    });
  }

  clear(): void {
    clearTimeout(this.timer);
    this.listeners = [];
    this.rejectRace = [];
  }
}
