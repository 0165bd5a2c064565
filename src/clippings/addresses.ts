// Which IP addresses a clip may connect to. Everything that is not ordinary public unicast is
// refused: a clipped URL (or a redirect it leads to) must never reach the server's own network.
import { BlockList, isIP } from 'node:net';

// Two lists: one BlockList holding both families matches every IPv4 address against the IPv6
// rule for IPv4-mapped addresses (::ffff:0:0/96), refusing everything.
const INTERNAL_V4 = new BlockList();
const INTERNAL_V6 = new BlockList();

// IPv4 special-purpose ranges (IANA registry), all refused.
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  INTERNAL_V4.addSubnet(net, prefix, 'ipv4');
}

// IPv6 special-purpose ranges, all refused.
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['::ffff:0:0', 96], // IPv4-mapped: refused outright rather than trusted to map cleanly
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  INTERNAL_V6.addSubnet(net, prefix, 'ipv6');
}

/** Why an address is refused, or null when it is ordinary public unicast. */
export function internalAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'it is not an IP address';
  if (family === 4)
    return INTERNAL_V4.check(address, 'ipv4') ? 'it is a private or reserved IPv4 address' : null;
  if (INTERNAL_V6.check(address, 'ipv6')) return 'it is a private, local or reserved IPv6 address';
  // Addresses that embed an IPv4 address (NAT64, 6to4) are judged by the address they embed.
  const embedded = embeddedIPv4(address);
  if (embedded && INTERNAL_V4.check(embedded, 'ipv4')) return 'it embeds a private or reserved IPv4 address';
  return null;
}

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIPv4(address: string): string | null {
  const words = expandIPv6(address);
  if (!words) return null;
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0)) {
    return wordsToIPv4(words[6]!, words[7]!);
  }
  if (words[0] === 0x2002) return wordsToIPv4(words[1]!, words[2]!);
  return null;
}

function wordsToIPv4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit words of an IPv6 address (with a dotted IPv4 tail allowed). */
function expandIPv6(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const words = [...left, ...Array(missing).fill('0'), ...right].map((w) => Number.parseInt(w, 16));
  return words.length === 8 && words.every((w) => w >= 0 && w <= 0xffff) ? words : null;
}
