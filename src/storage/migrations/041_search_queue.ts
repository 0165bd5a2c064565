import type { Kysely } from 'kysely';
import { createPostgresSearchQueue } from '../../search/dialects/postgres.ts';
import { createSqliteSearchQueue } from '../../search/dialects/sqlite.ts';
import { dialectOf } from '../dialect.ts';

// Posts that readers can see and whose index entry may be out of date: filled by triggers on every
// write to posts, from anywhere (a restore from the trash, a scheduled post going live, an UPDATE
// by hand), emptied by the indexer (src/search/indexer.ts), which segments what SQL cannot.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_queue')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .execute();
  if (dialectOf(db) === 'postgres') await createPostgresSearchQueue(db);
  else await createSqliteSearchQueue(db);
}
