// A post's status outside the editor: the admin list's bulk "Move to drafts".
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

/** Takes a post off the public site as a draft; a post in the trash stays there. */
export async function returnToDraft(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db
    .updateTable('posts')
    .set({ status: 'draft' })
    .where('id', '=', id)
    .where('trashed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
