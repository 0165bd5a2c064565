// Who is asking, as far as rate limits and the blocklist need to know: the socket's address, or
// the address a trusted reverse proxy reports. Addresses are stored only as keyed hashes.
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The client's address. X-Forwarded-For is read only when a proxy is said to be in front, and
 * then only its last entry: the one that proxy appended (earlier entries are the client's to forge).
 */
export function clientAddress(c: Context, behindProxy: boolean): string | null {
  if (behindProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded && isIP(stripMapped(forwarded))) return stripMapped(forwarded);
  }
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    // No socket: the app was called in process (app.request without bindings).
    return null;
  }
  return address ? stripMapped(address) : null;
}

/** The stored form of an address: a keyed hash, so the database never holds the address itself. */
export function hashAddress(secret: string, address: string): string {
  return createHmac('sha256', secret).update(`ip:${address}`).digest('base64url').slice(0, 32);
}

/**
 * What a rate limit counts: an IPv4 address, or an IPv6 /64 (one subscriber's usual allocation,
 * inside which an attacker may pick any address).
 */
export function rateLimitSubject(address: string | null): string {
  if (!address) return 'unknown';
  if (isIP(address) !== 6) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function stripMapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

function expandIPv6(address: string): string[] {
  const [head, tail] = address.toLowerCase().split('%')[0]!.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((part) => part.replace(/^0+(?=.)/, ''));
}
