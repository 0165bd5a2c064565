// Searching the blog. The rules, the same on both databases:
// - a post matches when it holds every included word, "phrase" and unspaced-script substring,
//   and none of the excluded ones (label and year filters narrow further);
// - the newest RANK_WINDOW matches come first, ranked by where they hold the query (rank.ts:
//   title, then labels, then source, then body; newest first within each), and any older matches
//   follow newest first. Readers of a news blog rarely want a ten-year-old article before this
//   year's; the year filter reaches old ones at once. Counting stops at COUNT_CAP.
import type { Kysely } from 'kysely';
import { htmlToText } from '../lib/html.ts';
import type { Database, Post } from '../storage/schema.ts';
import { isSearchable } from './document.ts';
import { catchUp, labelsByPost, searchDialect } from './indexer.ts';
import type { SearchPlan } from './plan.ts';
import { isEmptyQuery, type ParsedQuery, parseQuery, positiveAtoms } from './query.ts';
import { rankCandidates } from './rank.ts';
import { highlight, type Part, snippet } from './snippet.ts';

export const RANK_WINDOW = 300;
/** Counting stops here: "more than 1,000 posts" is as useful as the exact number, and cheaper. */
export const COUNT_CAP = 1000;
export const MAX_PER_PAGE = 50;

export interface SearchOptions {
  q: string;
  label?: string;
  year?: number;
  /** Newest first, no ranking (Blogger's by-date=true). */
  byDate?: boolean;
  /** 0-based index of the first result wanted. */
  offset?: number;
  limit?: number;
}

export interface SearchResult {
  post: Post;
  labels: string[];
  title: Part[];
  snippet: Part[];
}

export interface SearchPage {
  query: ParsedQuery;
  /** How many posts match, or COUNT_CAP when at least that many do (see `capped`). */
  total: number;
  capped: boolean;
  offset: number;
  limit: number;
  /** Whether results follow this page. */
  more: boolean;
}

export interface SearchResults extends SearchPage {
  results: SearchResult[];
}

/** The ids of one page of matching posts, best first, and how many match in all. */
export async function searchPostIds(
  db: Kysely<Database>,
  options: SearchOptions,
): Promise<SearchPage & { ids: number[] }> {
  await catchUpQuietly(db);
  const query = parseQuery(options.q);
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(options.limit ?? 10)));
  const none = { query, total: 0, capped: false, offset, limit, more: false, ids: [] };
  if (isEmptyQuery(query)) return none;
  const plan: SearchPlan = { query, year: options.year };
  if (options.label !== undefined) {
    const label = await db
      .selectFrom('labels')
      .select('id')
      .where('name', '=', options.label)
      .executeTakeFirst();
    if (!label) return none;
    plan.labelId = label.id;
  }
  const dialect = searchDialect(db);
  return dialect.session(db, async (db) => {
    const candidates = await dialect.candidates(db, plan, RANK_WINDOW);
    const total =
      candidates.length < RANK_WINDOW ? candidates.length : await dialect.count(db, plan, COUNT_CAP);
    const capped = total >= COUNT_CAP;
    if (total === 0 || (offset >= total && !capped)) return { ...none, total, capped };
    // One more than the page, to know whether another page follows.
    const want = limit + 1;
    const order = options.byDate
      ? candidates.map((c) => c.postId)
      : rankCandidates(candidates, positiveAtoms(query));
    const ids = order.slice(offset, offset + want);
    if (total > RANK_WINDOW && ids.length < want) {
      const skip = RANK_WINDOW + Math.max(0, offset - RANK_WINDOW);
      ids.push(...(await dialect.newest(db, plan, want - ids.length, skip)));
    }
    return { query, total, capped, offset, limit, more: ids.length > limit, ids: ids.slice(0, limit) };
  });
}

/** Index what the triggers queued; a search never fails for it (the next one tries again). */
async function catchUpQuietly(db: Kysely<Database>): Promise<void> {
  try {
    await catchUp(db);
  } catch (err) {
    console.error('Search could not index queued posts:', err);
  }
}

/** One page of results with the posts, their labels, and highlighted titles and snippets. */
export async function search(db: Kysely<Database>, options: SearchOptions): Promise<SearchResults> {
  const { ids, ...page } = await searchPostIds(db, options);
  if (ids.length === 0) return { ...page, results: [] };
  // Checked again here, so a post the index has not caught up with is never shown.
  const posts = await db.selectFrom('posts').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(posts.filter(isSearchable).map((p) => [p.id, p]));
  const labels = await labelsByPost(db, ids);
  const atoms = positiveAtoms(page.query);
  const results: SearchResult[] = [];
  for (const id of ids) {
    const post = byId.get(id);
    if (!post) continue;
    results.push({
      post,
      labels: (labels.get(id) ?? []).map((l) => l.name),
      title: highlight(post.title, atoms),
      snippet: snippet(htmlToText(post.body_html), atoms),
    });
  }
  return { ...page, results };
}
