// How both exports read the database: a table a page at a time (memory stays flat however big
// the blog), and the label names of a page of posts.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { type AnyDb, anyDb } from './tables.ts';

const PAGE = 500;

/** Every row of a table as plain records, PAGE at a time, in the order of a unique column. */
export async function* pages(
  db: Kysely<Database>,
  table: string,
  order: string,
): AsyncGenerator<Record<string, unknown>[]> {
  const any: Kysely<AnyDb> = anyDb(db);
  let after: unknown;
  for (;;) {
    let q = any.selectFrom(table).selectAll().orderBy(order).limit(PAGE);
    if (after !== undefined) q = q.where(order, '>', after);
    const rows = await q.execute();
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    after = rows.at(-1)![order];
  }
}

/** label id → name, for the whole blog. */
export async function labelNames(db: Kysely<Database>): Promise<Map<number, string>> {
  return new Map((await db.selectFrom('labels').select(['id', 'name']).execute()).map((l) => [l.id, l.name]));
}

/** post id → its label names in alphabetical order, for these posts. */
export async function labelsOf(
  db: Kysely<Database>,
  postIds: number[],
  names: Map<number, string>,
): Promise<Map<number, string[]>> {
  const byPost = new Map<number, string[]>();
  const rows = await db
    .selectFrom('post_labels')
    .select(['post_id', 'label_id'])
    .where('post_id', 'in', postIds)
    .execute();
  for (const r of rows) {
    const list = byPost.get(r.post_id) ?? [];
    list.push(names.get(r.label_id)!);
    byPost.set(r.post_id, list);
  }
  for (const list of byPost.values()) list.sort();
  return byPost;
}
