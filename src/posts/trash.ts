// Deleting a post moves it to the trash (it leaves the public site at once and keeps its path);
// from there it can be restored, or deleted for good with its comments and labels.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

export async function trashPost(db: Kysely<Database>, id: number, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('posts')
    .set({ trashed_at: now.toISOString() })
    .where('id', '=', id)
    .where('trashed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function restorePost(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db
    .updateTable('posts')
    .set({ trashed_at: null })
    .where('id', '=', id)
    .where('trashed_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Only a post already in the trash can be deleted for good. */
export async function deleteTrashedPost(db: Kysely<Database>, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const post = await trx
      .selectFrom('posts')
      .select('id')
      .where('id', '=', id)
      .where('trashed_at', 'is not', null)
      .executeTakeFirst();
    if (!post) return false;
    // Replies point at their parents; clear those links so the comments can go in any order.
    await trx.updateTable('comments').set({ parent_id: null }).where('post_id', '=', id).execute();
    await trx.deleteFrom('comments').where('post_id', '=', id).execute();
    await trx.deleteFrom('post_labels').where('post_id', '=', id).execute();
    await trx.deleteFrom('post_autosaves').where('post_id', '=', id).execute();
    await trx.deleteFrom('posts').where('id', '=', id).execute();
    return true;
  });
}
