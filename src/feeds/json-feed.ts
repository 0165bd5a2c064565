// JSON Feed 1.1 (https://jsonfeed.org/version/1.1). A clipping's original article is the item's
// external_url, which is what the format has it for.
import { escapeHtml } from '../lib/html.ts';
import type { Feed } from './model.ts';

export const JSON_FEED_TYPE = 'application/feed+json; charset=utf-8';

export function renderJsonFeed(feed: Feed): string {
  const body = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.selfUrl.json,
    description: feed.subtitle || undefined,
    language: feed.language,
    authors: [{ name: feed.author.name, url: feed.author.uri }],
    next_url: feed.paging.next?.json,
    items: feed.entries.map((e) => ({
      id: e.id,
      url: e.url,
      external_url: e.source?.url,
      title: e.title,
      content_html: e.html ?? escapeHtml(e.summary),
      summary: e.summary || undefined,
      image: e.image?.url,
      date_published: e.published,
      date_modified: e.updated,
      authors: e.authors.map((a) => ({ name: a.name, url: a.uri })),
      tags: e.categories.length > 0 ? e.categories : undefined,
    })),
  };
  return JSON.stringify(body);
}
