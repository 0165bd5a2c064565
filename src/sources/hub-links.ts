// Where a feed says it is pushed from (WebSub discovery): the hub and the topic (rel="self") in
// the HTTP Link header, which the recommendation puts first, else in the feed itself (Atom
// <link>, RSS <atom:link>, JSON Feed's hubs). Without a self link the fetched address is the topic.
import type { ParsedFeed } from './parse.ts';

export interface HubLinks {
  hub: string | null;
  topic: string | null;
}

export function hubLinks(
  linkHeader: string | null,
  feed: Pick<ParsedFeed, 'hub' | 'self'>,
  feedUrl: string,
): HubLinks {
  const header = parseLinkHeader(linkHeader ?? '', feedUrl);
  const hub = header.find((l) => l.rels.includes('hub'))?.href ?? feed.hub;
  if (!hub) return { hub: null, topic: null };
  const topic = header.find((l) => l.rels.includes('self'))?.href ?? feed.self ?? feedUrl;
  return { hub, topic };
}

/** RFC 8288 links: `<https://hub.example/>; rel="hub", <…>; rel=self`, absolute http(s) only. */
export function parseLinkHeader(value: string, base: string): { href: string; rels: string[] }[] {
  const out: { href: string; rels: string[] }[] = [];
  for (const m of value.matchAll(/<([^>]*)>((?:\s*;\s*[^;,<]+(?:="[^"]*")?)*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2] ?? '');
    if (!rel) continue;
    let href: URL;
    try {
      href = new URL(m[1]!.trim(), base);
    } catch {
      continue;
    }
    if (href.protocol !== 'http:' && href.protocol !== 'https:') continue;
    out.push({ href: href.href, rels: (rel[1] ?? rel[2] ?? '').toLowerCase().split(/\s+/) });
  }
  return out;
}
