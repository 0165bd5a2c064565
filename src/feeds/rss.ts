// RSS 2.0 (Blogger's ?alt=rss). Authors go in dc:creator: RSS's own <author> wants an e-mail
// address, and Gloss never publishes one.
import { escapeHtml } from '../lib/html.ts';
import { type Feed, type FeedEntry, GENERATOR } from './model.ts';
import { rfc822, xml } from './xml.ts';

export const RSS_TYPE = 'application/rss+xml; charset=UTF-8';

export function renderRss(feed: Feed): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:openSearch="http://a9.com/-/spec/opensearch/1.1/">',
    '<channel>',
    `<title>${xml(feed.title)}</title>`,
    `<link>${xml(feed.homeUrl)}</link>`,
    `<description>${xml(feed.subtitle || feed.title)}</description>`,
    `<language>${xml(feed.language)}</language>`,
    `<lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>`,
    `<generator>${GENERATOR.name} ${GENERATOR.version}</generator>`,
    `<atom:link rel="self" type="application/rss+xml" href="${xml(feed.selfUrl.rss)}"/>`,
  ];
  if (feed.paging.next)
    out.push(`<atom:link rel="next" type="application/rss+xml" href="${xml(feed.paging.next.rss)}"/>`);
  out.push(
    `<openSearch:totalResults>${feed.paging.total}</openSearch:totalResults>`,
    `<openSearch:startIndex>${feed.paging.startIndex}</openSearch:startIndex>`,
    `<openSearch:itemsPerPage>${feed.paging.itemsPerPage}</openSearch:itemsPerPage>`,
  );
  for (const entry of feed.entries) out.push(renderItem(entry));
  out.push('</channel>', '</rss>', '');
  return out.join('\n');
}

function renderItem(entry: FeedEntry): string {
  const permalink = entry.id === entry.url;
  const out = [
    '<item>',
    `<guid isPermaLink="${permalink}">${xml(entry.id)}</guid>`,
    `<pubDate>${rfc822(entry.published)}</pubDate>`,
    `<title>${xml(entry.title)}</title>`,
    `<link>${xml(entry.url)}</link>`,
    `<description>${xml(entry.html ?? escapeHtml(entry.summary))}</description>`,
  ];
  for (const a of entry.authors) out.push(`<dc:creator>${xml(a.name)}</dc:creator>`);
  for (const term of entry.categories) out.push(`<category>${xml(term)}</category>`);
  if (entry.replies) out.push(`<comments>${xml(entry.replies.pageUrl)}</comments>`);
  if (entry.image) out.push(`<media:thumbnail url="${xml(entry.image.url)}"/>`);
  out.push('</item>');
  return out.join('\n');
}
