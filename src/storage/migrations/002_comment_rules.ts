import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

// Comments get a hash of their normalised text (duplicate detection by index), and the moderation
// log records the status a comment left and entered, so "restore" knows where to go back to.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('body_hash', 'text').execute();
  await db.schema.createIndex('comments_body_hash').on('comments').column('body_hash').execute();
  await db.schema.alterTable('moderation_log').addColumn('from_status', 'text').execute();
  await db.schema.alterTable('moderation_log').addColumn('to_status', 'text').execute();
  await db.schema.createIndex('moderation_log_comment').on('moderation_log').column('comment_id').execute();

  // Comments stored before this migration (imports, pasted pages) get their hash too.
  let after = 0;
  for (;;) {
    const rows: { id: number; body_text: string }[] = await db
      .selectFrom('comments')
      .select(['id', 'body_text'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      await db
        .updateTable('comments')
        .set({ body_hash: bodyHash(row.body_text) })
        .where('id', '=', row.id)
        .execute();
    }
    after = rows.at(-1)!.id;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('moderation_log_comment').execute();
  await db.schema.alterTable('moderation_log').dropColumn('to_status').execute();
  await db.schema.alterTable('moderation_log').dropColumn('from_status').execute();
  await db.schema.dropIndex('comments_body_hash').execute();
  await db.schema.alterTable('comments').dropColumn('body_hash').execute();
}

/** A frozen copy of the rule in src/comments/spam.ts at the time of this migration. */
function bodyHash(text: string): string {
  const normal = text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  return createHash('sha256').update(normal).digest('base64url').slice(0, 32);
}
