// A post as the search index sees it: its words per field (title, body with the editor's notes,
// source and picture credits, labels), its unspaced-script text for substring matches, and a key
// that sorts by publication time, so "the newest matches" is a range of keys in either database.
import { parseAuthors } from '../lib/authors.ts';
import { htmlToText } from '../lib/html.ts';
import type { Post } from '../storage/schema.ts';
import { headsOf } from './rank.ts';
import { FILTER_MARK, gramsOf, shinglesOf, wordsOf } from './segment.ts';

export interface SearchDocument {
  postId: number;
  key: number;
  /** The year of the post's /YYYY/MM/ path (the blog's time zone), for the year filter. */
  year: number | null;
  title: string;
  body: string;
  source: string;
  labels: string;
  /** Tokens the query adds for the label and year filters (SQLite's indexes keep them as words). */
  filters: string[];
  /** All the unspaced-script text, pieces one a line (what trigrams, LIKE and pg_trgm look in). */
  grams: string;
  /** Its one- and two-letter substrings, for the shortest queries (SQLite keeps them as words). */
  shingles: string[];
  /** The title, labels and source, as words and unspaced text: what ranking looks at (rank.ts). */
  heads: string;
}

export type IndexablePost = Pick<
  Post,
  | 'id'
  | 'kind'
  | 'status'
  | 'trashed_at'
  | 'title'
  | 'path'
  | 'body_html'
  | 'published_at'
  | 'image_caption'
  | 'image_credit'
  | 'source_title'
  | 'source_authors'
  | 'source_outlet'
>;

/** Only what readers can see is searchable: published posts, not pages, not in the trash. */
export function isSearchable(post: Pick<Post, 'kind' | 'status' | 'trashed_at'>): boolean {
  return post.kind === 'post' && post.status === 'published' && post.trashed_at === null;
}

export function documentOf(post: IndexablePost, labels: { id: number; name: string }[]): SearchDocument {
  const body = htmlToText(post.body_html);
  const source = [
    post.source_title,
    ...parseAuthors(post.source_authors),
    post.source_outlet,
    post.image_caption,
    post.image_credit,
  ]
    .filter(Boolean)
    .join('\n');
  const labelText = labels.map((l) => l.name).join('\n');
  const year = yearOf(post.path);
  const grams = gramsOf([post.title, labelText, source, body].join('\n'));
  const filters = [
    ...(year === null ? [] : [filterToken('year', year)]),
    ...labels.map((l) => filterToken('label', l.id)),
  ];
  const words = { title: wordsOf(post.title), labels: wordsOf(labelText), source: wordsOf(source) };
  return {
    postId: post.id,
    key: docKey(post.published_at, post.id),
    year,
    ...words,
    body: wordsOf(body),
    filters,
    grams,
    shingles: shinglesOf(grams),
    heads: headsOf(words.title, words.labels, words.source, post.title, labelText, source),
  };
}

const KEY_SPAN = 2 ** 21;

/**
 * Publication second × 2^21 + the post id's low 21 bits: unique unless two posts share a second
 * and their ids differ by a multiple of 2,097,152; exact in a double until the year 2106.
 */
export function docKey(publishedAt: string, postId: number): number {
  const seconds = Math.floor(Date.parse(publishedAt) / 1000);
  const clamped = Math.min(Math.max(Number.isFinite(seconds) ? seconds : 0, -(2 ** 31)), 2 ** 32 - 1);
  return clamped * KEY_SPAN + (postId % KEY_SPAN);
}

/** A word no reader can type (it starts with a private-use character the query drops). */
export function filterToken(kind: 'year' | 'label', value: number): string {
  return `${FILTER_MARK}${kind === 'year' ? 'y' : 'l'}${value}`;
}

function yearOf(path: string): number | null {
  const m = /^\/(\d{4})\/\d{2}\//.exec(path);
  return m ? Number(m[1]) : null;
}
