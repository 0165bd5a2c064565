// Keeping the search index current. posts/save.ts calls indexPost after every write; importers
// write many posts and call indexPosts once per batch; `gloss reindex` rebuilds everything.
// Unpublishing, trashing or deleting a post takes it out of the index by itself (database
// triggers); removeFromIndex does the same explicitly.
import type { Kysely } from 'kysely';
import { dialectOf } from '../storage/dialect.ts';
import type { Database } from '../storage/schema.ts';
import { postgresSearch } from './dialects/postgres.ts';
import { sqliteSearch } from './dialects/sqlite.ts';
import { documentOf, type IndexablePost, isSearchable } from './document.ts';
import type { Db, SearchDialect } from './plan.ts';

export function searchDialect(db: Db): SearchDialect {
  return dialectOf(db) === 'postgres' ? postgresSearch : sqliteSearch;
}

/** Indexes one post as it is now (or takes it out, when readers cannot see it). */
export async function indexPost(db: Db, post: IndexablePost): Promise<void> {
  await indexPosts(db, [post]);
}

/** Indexes many posts with a few statements per few hundred posts: for imports and rebuilds. */
export async function indexPosts(db: Db, posts: IndexablePost[]): Promise<void> {
  if (posts.length === 0) return;
  const searchable = posts.filter(isSearchable);
  const labels = await labelsByPost(
    db,
    searchable.map((p) => p.id),
  );
  const docs = searchable.map((p) => documentOf(p, labels.get(p.id) ?? []));
  const hidden = posts.filter((p) => !isSearchable(p)).map((p) => p.id);
  await searchDialect(db).write(db, docs, hidden);
  await dequeue(
    db,
    posts.map((p) => p.id),
  );
}

/**
 * Indexes up to `max` posts that database triggers queued (restored from the trash, published on
 * schedule, changed by hand): search calls it first, so such posts are found without a reindex.
 */
export async function catchUp(db: Kysely<Database>, max = 200): Promise<number> {
  const queued = await db.selectFrom('search_queue').select('post_id').limit(max).execute();
  if (queued.length === 0) return 0;
  const ids = queued.map((q) => q.post_id);
  await db.transaction().execute(async (tx) => {
    const posts = await tx.selectFrom('posts').select(INDEXED_COLUMNS).where('id', 'in', ids).execute();
    await indexPosts(tx, posts);
    await dequeue(tx, ids);
  });
  return ids.length;
}

async function dequeue(db: Db, postIds: number[]): Promise<void> {
  for (let i = 0; i < postIds.length; i += 1000) {
    await db
      .deleteFrom('search_queue')
      .where('post_id', 'in', postIds.slice(i, i + 1000))
      .execute();
  }
}

/** Takes posts out of the index (deleting, trashing or unpublishing does this by itself too). */
export async function removeFromIndex(db: Db, postIds: number | number[]): Promise<void> {
  await searchDialect(db).write(db, [], Array.isArray(postIds) ? postIds : [postIds]);
}

const BATCH = 500;

/**
 * Rebuilds the whole index from the posts table in place, a batch per transaction, so searches
 * keep working meanwhile: each post's entry is replaced, and posts readers cannot see are dropped.
 */
export async function reindexAll(
  db: Kysely<Database>,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ indexed: number; total: number }> {
  const dialect = searchDialect(db);
  const total = Number(
    (
      await db
        .selectFrom('posts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let lastId = 0;
  let done = 0;
  for (;;) {
    const batch = await db
      .selectFrom('posts')
      .select(INDEXED_COLUMNS)
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (batch.length === 0) break;
    // indexPosts also empties the queue of these posts.
    await db.transaction().execute((tx) => indexPosts(tx, batch));
    lastId = batch.at(-1)!.id;
    done += batch.length;
    progress(done, total);
  }
  await dialect.optimise(db);
  const indexed = Number(
    (
      await db
        .selectFrom('search_documents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { indexed, total };
}

/** The columns a search document is made from. */
export const INDEXED_COLUMNS = [
  'id',
  'kind',
  'status',
  'trashed_at',
  'title',
  'path',
  'body_html',
  'published_at',
  'image_caption',
  'image_credit',
  'source_title',
  'source_authors',
  'source_outlet',
] as const;

/** Each post's labels (id and name), by name. */
export async function labelsByPost(db: Db, postIds: number[]) {
  const map = new Map<number, { id: number; name: string }[]>();
  for (let i = 0; i < postIds.length; i += 1000) {
    const rows = await db
      .selectFrom('post_labels')
      .innerJoin('labels', 'labels.id', 'post_labels.label_id')
      .select(['post_labels.post_id', 'labels.id', 'labels.name'])
      .where('post_labels.post_id', 'in', postIds.slice(i, i + 1000))
      .orderBy('labels.name')
      .execute();
    for (const row of rows) {
      const list = map.get(row.post_id) ?? [];
      list.push({ id: row.id, name: row.name });
      map.set(row.post_id, list);
    }
  }
  return map;
}
