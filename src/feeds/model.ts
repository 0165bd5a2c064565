// A feed as data, written out by atom.ts, rss.ts and json-feed.ts. The posts feeds and the
// comments feeds both build one of these, so every format says the same things.

export interface Person {
  name: string;
  uri?: string;
}

export interface FeedEntry {
  /** Permanent: a post imported from Blogger keeps its Blogger id, so readers see no duplicates. */
  id: string;
  title: string;
  url: string;
  published: string;
  updated: string;
  authors: Person[];
  contributors: Person[];
  categories: string[];
  /** The full content as HTML (absent in summary feeds). */
  html?: string;
  /** Plain text. */
  summary: string;
  image?: { url: string; alt?: string };
  /** The clipped article this entry reposts. */
  source?: { url: string; title?: string };
  replies?: { pageUrl: string; feedUrl: string; count: number };
  /** For comments: the post they belong to. */
  inReplyTo?: { id: string; url: string };
}

export interface Feed {
  id: string;
  title: string;
  subtitle?: string;
  language: string;
  homeUrl: string;
  /** This feed's own URL in each format, with the paging parameters of this page. */
  selfUrl: { atom: string; rss: string; json: string };
  updated: string;
  author: Person;
  entries: FeedEntry[];
  paging: { total: number; startIndex: number; itemsPerPage: number; next?: Paging; previous?: Paging };
}

/** Where the next or previous page of the feed is, in each format. */
export interface Paging {
  atom: string;
  rss: string;
  json: string;
}

export const GENERATOR = { name: 'Gloss', version: '0.1.0' };
