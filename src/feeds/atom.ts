// Atom 1.0 (RFC 4287), with Blogger's extras: OpenSearch paging totals, threading counts and
// media thumbnails, so readers that knew the Blogger feed find what they expect.
import { type Feed, type FeedEntry, GENERATOR, type Person } from './model.ts';
import { rfc3339, xml } from './xml.ts';

export const ATOM_TYPE = 'application/atom+xml; charset=UTF-8';

export function renderAtom(feed: Feed): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:openSearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:thr="http://purl.org/syndication/thread/1.0" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${xml(feed.language)}">`,
    `<id>${xml(feed.id)}</id>`,
    `<updated>${rfc3339(feed.updated)}</updated>`,
    `<title type="text">${xml(feed.title)}</title>`,
  ];
  if (feed.subtitle) out.push(`<subtitle type="text">${xml(feed.subtitle)}</subtitle>`);
  out.push(
    `<link rel="alternate" type="text/html" href="${xml(feed.homeUrl)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${xml(feed.selfUrl.atom)}"/>`,
  );
  if (feed.paging.previous) {
    out.push(`<link rel="previous" type="application/atom+xml" href="${xml(feed.paging.previous.atom)}"/>`);
  }
  if (feed.paging.next)
    out.push(`<link rel="next" type="application/atom+xml" href="${xml(feed.paging.next.atom)}"/>`);
  out.push(
    person('author', feed.author),
    `<generator version="${GENERATOR.version}">${GENERATOR.name}</generator>`,
    `<openSearch:totalResults>${feed.paging.total}</openSearch:totalResults>`,
    `<openSearch:startIndex>${feed.paging.startIndex}</openSearch:startIndex>`,
    `<openSearch:itemsPerPage>${feed.paging.itemsPerPage}</openSearch:itemsPerPage>`,
  );
  for (const entry of feed.entries) out.push(renderEntry(entry));
  out.push('</feed>', '');
  return out.join('\n');
}

function renderEntry(entry: FeedEntry): string {
  const out = [
    '<entry>',
    `<id>${xml(entry.id)}</id>`,
    `<published>${rfc3339(entry.published)}</published>`,
    `<updated>${rfc3339(entry.updated)}</updated>`,
    `<title type="text">${xml(entry.title)}</title>`,
  ];
  for (const term of entry.categories) out.push(`<category term="${xml(term)}"/>`);
  if (entry.html !== undefined) out.push(`<content type="html">${xml(entry.html)}</content>`);
  else out.push(`<summary type="text">${xml(entry.summary)}</summary>`);
  out.push(`<link rel="alternate" type="text/html" href="${xml(entry.url)}" title="${xml(entry.title)}"/>`);
  if (entry.source) {
    const title = entry.source.title ? ` title="${xml(entry.source.title)}"` : '';
    out.push(`<link rel="related" type="text/html" href="${xml(entry.source.url)}"${title}/>`);
  }
  if (entry.replies) {
    const { pageUrl, feedUrl, count } = entry.replies;
    out.push(
      `<link rel="replies" type="application/atom+xml" href="${xml(feedUrl)}" thr:count="${count}"/>`,
      `<link rel="replies" type="text/html" href="${xml(pageUrl)}" thr:count="${count}"/>`,
    );
  }
  for (const a of entry.authors) out.push(person('author', a));
  for (const c of entry.contributors) out.push(person('contributor', c));
  if (entry.image) out.push(`<media:thumbnail url="${xml(entry.image.url)}"/>`);
  if (entry.inReplyTo) {
    out.push(
      `<thr:in-reply-to ref="${xml(entry.inReplyTo.id)}" href="${xml(entry.inReplyTo.url)}" type="text/html"/>`,
    );
  }
  if (entry.replies) out.push(`<thr:total>${entry.replies.count}</thr:total>`);
  out.push('</entry>');
  return out.join('\n');
}

function person(element: 'author' | 'contributor', p: Person): string {
  const uri = p.uri ? `<uri>${xml(p.uri)}</uri>` : '';
  return `<${element}><name>${xml(p.name)}</name>${uri}</${element}>`;
}
