// Autosaved editor text for a post that is already public or scheduled: kept beside the post, not
// in it, until the editor saves (or discards it). A draft is autosaved into itself instead.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

export type EditorFields = Record<string, string>;

export async function putAutosave(
  db: Kysely<Database>,
  postId: number,
  userId: number,
  fields: EditorFields,
  now = new Date(),
): Promise<void> {
  const data = JSON.stringify(fields);
  const savedAt = now.toISOString();
  await db
    .insertInto('post_autosaves')
    .values({ post_id: postId, user_id: userId, data, saved_at: savedAt })
    .onConflict((oc) => oc.column('post_id').doUpdateSet({ user_id: userId, data, saved_at: savedAt }))
    .execute();
}

export async function getAutosave(db: Kysely<Database>, postId: number) {
  const row = await db
    .selectFrom('post_autosaves')
    .selectAll()
    .where('post_id', '=', postId)
    .executeTakeFirst();
  return row
    ? { fields: JSON.parse(row.data) as EditorFields, savedAt: row.saved_at, userId: row.user_id }
    : undefined;
}

export async function clearAutosave(db: Kysely<Database>, postId: number): Promise<void> {
  await db.deleteFrom('post_autosaves').where('post_id', '=', postId).execute();
}
