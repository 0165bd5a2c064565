// The blog's sources: published clippings grouped by the outlet they came from and by the writers
// who wrote them (/source/OUTLET/, /source/OUTLET/AUTHOR/, their feeds, the Sources widget).
// Names are matched as written; names merged in the admin live on as aliases (src/sources/merge.ts)
// whose pages redirect, and a near miss in case or spacing finds the name meant.
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { parseAuthors } from '../lib/authors.ts';
import { dialectOf } from '../storage/dialect.ts';
import type { Database, Post } from '../storage/schema.ts';
import { type PageWindow, type PostSelection, pagePosts, publicPosts } from './queries.ts';

export interface NameCount {
  name: string;
  count: number;
}

/** Where a source page's posts come from: one outlet, and optionally one of its writers. */
export interface SourceFilter {
  outlet: string;
  author?: string;
}

/** Outlets of published posts with how many posts came from each, by name. */
export async function outletCounts(db: Kysely<Database>): Promise<NameCount[]> {
  const rows = await publicPosts(db)
    .where('source_outlet', 'is not', null)
    .select(['source_outlet', sql<number>`count(*)`.as('count')])
    .groupBy('source_outlet')
    .execute();
  return rows
    .map((r) => ({ name: r.source_outlet!, count: Number(r.count) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** The writers of an outlet's published posts with how many each wrote, most first. */
export async function writersOf(db: Kysely<Database>, outlet: string): Promise<NameCount[]> {
  const rows = await publicPosts(db).where('source_outlet', '=', outlet).select('source_authors').execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const name of new Set(parseAuthors(row.source_authors)))
      counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || collator.compare(a.name, b.name));
}

/**
 * Narrows a query over posts to one outlet and writer. The authors are a JSON array in one
 * column; a writer is found by the exact JSON string of their name inside it (case-sensitive on
 * both databases), which is exact for every name without a double quote in it.
 */
// biome-ignore lint/suspicious/noExplicitAny: any selection over posts, whatever it selects
export function whereSource<Q extends SelectQueryBuilder<Database, 'posts', any>>(
  db: Kysely<Database>,
  q: Q,
  filter: SourceFilter,
): Q {
  let narrowed = q.where('posts.source_outlet', '=', filter.outlet) as Q;
  if (filter.author !== undefined) {
    const needle = JSON.stringify(filter.author);
    const found =
      dialectOf(db) === 'postgres'
        ? sql<boolean>`strpos(posts.source_authors, ${needle}) > 0`
        : sql<boolean>`instr(posts.source_authors, ${needle}) > 0`;
    narrowed = narrowed.where(found) as Q;
  }
  return narrowed;
}

/** Whether a post really names this writer (drops what the JSON match could not tell apart). */
export function writtenBy(post: Pick<Post, 'source_authors'>, author: string): boolean {
  return parseAuthors(post.source_authors).includes(author);
}

/** One page of an outlet's (or a writer's) published posts, newest first, paged as Blogger pages. */
export async function sourcePosts(db: Kysely<Database>, filter: SourceFilter, window: PageWindow) {
  const selection: PostSelection = () => whereSource(db, publicPosts(db).selectAll('posts'), filter);
  const page = await pagePosts(selection, window);
  const { author } = filter;
  return author === undefined ? page : { ...page, posts: page.posts.filter((p) => writtenBy(p, author)) };
}

/** Whether any published post came from this outlet (and writer). */
export async function sourceExists(db: Kysely<Database>, filter: SourceFilter): Promise<boolean> {
  const rows = await whereSource(db, publicPosts(db).select('source_authors'), filter).limit(50).execute();
  return filter.author === undefined ? rows.length > 0 : rows.some((r) => writtenBy(r, filter.author!));
}

/** The name an outlet (or an outlet's writer) was merged into, if it was. */
export async function aliasOf(
  db: Kysely<Database>,
  kind: 'outlet' | 'author',
  name: string,
  outlet = '',
): Promise<string | undefined> {
  const row = await db
    .selectFrom('source_aliases')
    .select('to_name')
    .where('kind', '=', kind)
    .where('outlet', '=', kind === 'outlet' ? '' : outlet)
    .where('from_name', '=', name)
    .executeTakeFirst();
  return row?.to_name;
}

/** The one name among these that a near miss (case, spacing, Unicode form) means, if exactly one. */
export function meantName(names: string[], typed: string): string | undefined {
  const key = nameKey(typed);
  const hits = names.filter((n) => nameKey(n) === key);
  return hits.length === 1 ? hits[0] : undefined;
}

/** A name compared loosely: NFC, lower case, spaces collapsed. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
