import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Posts that readers can see and whose index entry may be out of date: filled by triggers on every
// write to posts, from anywhere (a restore from the trash, a scheduled post going live, an UPDATE
// by hand), emptied by the indexer (src/search/indexer.ts), which segments what SQL cannot.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_queue')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE FUNCTION gloss_search_queue() RETURNS trigger AS $$
    BEGIN INSERT INTO search_queue (post_id) VALUES (NEW.id) ON CONFLICT DO NOTHING; RETURN NULL; END $$
    LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER posts_search_queue AFTER INSERT OR UPDATE ON posts FOR EACH ROW
      WHEN (NEW.kind = 'post' AND NEW.status = 'published' AND NEW.trashed_at IS NULL)
      EXECUTE FUNCTION gloss_search_queue()`.execute(db);
    return;
  }
  for (const event of ['INSERT', 'UPDATE']) {
    await sql
      .raw(
        `CREATE TRIGGER posts_search_queue_${event.toLowerCase()} AFTER ${event} ON posts
         WHEN NEW.kind = 'post' AND NEW.status = 'published' AND NEW.trashed_at IS NULL BEGIN
         INSERT OR IGNORE INTO search_queue (post_id) VALUES (NEW.id);
       END`,
      )
      .execute(db);
  }
}
