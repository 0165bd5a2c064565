import type { Kysely } from 'kysely';
import { createPostgresSearchSchema } from '../../search/dialects/postgres.ts';
import { createSqliteSearchSchema } from '../../search/dialects/sqlite.ts';
import { dialectOf } from '../dialect.ts';
import { createVersionTriggers } from '../dialects/columns.ts';

// The search index: one row per searchable post in both dialects, plus each dialect's own
// full-text structures (FTS5 tables on SQLite, a tsvector column and GIN indexes on PostgreSQL).
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('doc_key', 'bigint', (c) => c.notNull().unique())
    .addColumn('year', 'integer')
    .addColumn('grams', 'text', (c) => c.notNull())
    .addColumn('heads', 'text', (c) => c.notNull())
    .execute();
  if (dialectOf(db) === 'postgres') await createPostgresSearchSchema(db);
  else await createSqliteSearchSchema(db);
  // Search pages are cached like every page: an index write must make them stale too.
  await createVersionTriggers(db, ['search_documents']);
}
