// Blogger's own JSON feed shape (GData JSON: every text in a {"$t": …} object, namespaces as
// "prefix$name"), answered at ?alt=json and, wrapped in a callback, at ?alt=json-in-script: the
// recent-posts and label widgets other sites copied from Blogger read exactly these fields.
import type { Feed, FeedEntry, Person } from './model.ts';

export const BLOGGER_JSON_TYPE = 'application/json; charset=UTF-8';
export const JSON_IN_SCRIPT_TYPE = 'text/javascript; charset=UTF-8';
/** Blogger's callback when none is named. */
export const DEFAULT_CALLBACK = 'gdata.io.handleScriptLoaded';
/** A JavaScript name or dotted path: nothing else may reach a script a page runs. */
const CALLBACK = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

export function isCallbackName(name: string): boolean {
  return name.length <= 128 && CALLBACK.test(name);
}

const t = (value: string | number) => ({ $t: String(value) });

export function renderBloggerJson(feed: Feed): string {
  const links: Record<string, string>[] = [
    { rel: 'http://schemas.google.com/g/2005#feed', type: 'application/atom+xml', href: feed.selfUrl.atom },
    { rel: 'self', type: 'application/atom+xml', href: withAlt(feed.selfUrl.atom, 'json') },
    { rel: 'alternate', type: 'text/html', href: feed.homeUrl },
  ];
  if (feed.paging.next) {
    links.push({ rel: 'next', type: 'application/atom+xml', href: withAlt(feed.paging.next.atom, 'json') });
  }
  if (feed.paging.previous) {
    links.push({
      rel: 'previous',
      type: 'application/atom+xml',
      href: withAlt(feed.paging.previous.atom, 'json'),
    });
  }
  const categories = [...new Set(feed.entries.flatMap((e) => e.categories))];
  const body = {
    version: '1.0',
    encoding: 'UTF-8',
    feed: {
      xmlns: 'http://www.w3.org/2005/Atom',
      xmlns$openSearch: 'http://a9.com/-/spec/opensearchrss/1.0/',
      xmlns$blogger: 'http://schemas.google.com/blogger/2008',
      xmlns$gd: 'http://schemas.google.com/g/2005',
      xmlns$thr: 'http://purl.org/syndication/thread/1.0',
      id: t(feed.id),
      updated: t(feed.updated),
      category: categories.map((term) => ({ term })),
      title: { type: 'text', ...t(feed.title) },
      subtitle: { type: 'html', ...t(feed.subtitle ?? '') },
      link: links,
      author: [person(feed.author)],
      generator: { version: '1.0', uri: feed.homeUrl, ...t('Gloss') },
      openSearch$totalResults: t(feed.paging.total),
      openSearch$startIndex: t(feed.paging.startIndex),
      openSearch$itemsPerPage: t(feed.paging.itemsPerPage),
      entry: feed.entries.map(entry),
    },
  };
  return JSON.stringify(body);
}

/** The feed as a script calling `callback` with it, as Blogger's alt=json-in-script does. */
export function renderJsonInScript(feed: Feed, callback: string): string {
  return `// API callback\n${callback}(${renderBloggerJson(feed).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)});\n`;
}

function entry(e: FeedEntry) {
  const links: Record<string, string>[] = [];
  if (e.replies) {
    links.push(
      { rel: 'replies', type: 'application/atom+xml', href: e.replies.feedUrl, title: 'Post Comments' },
      {
        rel: 'replies',
        type: 'text/html',
        href: e.replies.pageUrl,
        title: `${e.replies.count} Comment${e.replies.count === 1 ? '' : 's'}`,
      },
    );
  }
  links.push({ rel: 'alternate', type: 'text/html', href: e.url, title: e.title });
  if (e.source)
    links.push({ rel: 'related', type: 'text/html', href: e.source.url, title: e.source.title ?? '' });
  const out: Record<string, unknown> = {
    id: t(e.id),
    published: t(e.published),
    updated: t(e.updated),
    category: e.categories.map((term) => ({ scheme: 'http://www.blogger.com/atom/ns#', term })),
    title: { type: 'text', ...t(e.title) },
  };
  if (e.html !== undefined) out.content = { type: 'html', ...t(e.html) };
  else out.summary = { type: 'text', ...t(e.summary) };
  out.link = links;
  out.author = e.authors.map(person);
  if (e.image) {
    out.media$thumbnail = {
      xmlns$media: 'http://search.yahoo.com/mrss/',
      url: e.image.url,
      height: '72',
      width: '72',
    };
  }
  if (e.inReplyTo) {
    out.thr$in$reply$to = {
      xmlns$thr: 'http://purl.org/syndication/thread/1.0',
      href: e.inReplyTo.url,
      ref: e.inReplyTo.id,
      type: 'text/html',
    };
  }
  if (e.replies) out.thr$total = t(e.replies.count);
  return out;
}

function person(p: Person) {
  return { name: t(p.name), ...(p.uri ? { uri: t(p.uri) } : {}), email: t('noreply@blogger.com') };
}

function withAlt(url: string, alt: string): string {
  const u = new URL(url);
  u.searchParams.set('alt', alt);
  return u.toString();
}
