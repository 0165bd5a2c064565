import { type Kysely, PostgresAdapter } from 'kysely';

// The editor's inbox (src/inbox/): articles the poller found, one row per story. A story is the
// same when its normalised address is (a unique key, so two processes fetching the same item
// store it once) or when its text's SimHash is within a few bits: the 64-bit hash is kept as four
// 16-bit bands, each indexed, so a near-duplicate lookup reads the rows sharing a band instead of
// scanning the week. Watch rules are words or phrases that flag an item and may mail the editor.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('inbox_items')
    .addColumn('id', 'integer', (col) =>
      postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
    )
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('url_key', 'text', (c) => c.notNull().unique())
    .addColumn('guid', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('image_url', 'text')
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('found_at', 'text', (c) => c.notNull())
    .addColumn('simhash', 'text', (c) => c.notNull())
    .addColumn('band0', 'integer', (c) => c.notNull())
    .addColumn('band1', 'integer', (c) => c.notNull())
    .addColumn('band2', 'integer', (c) => c.notNull())
    .addColumn('band3', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('post_id', 'integer', (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('also_from', 'text', (c) => c.notNull())
    .addColumn('watch_hits', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inbox_items_published').on('inbox_items').column('published_at').execute();
  await db.schema.createIndex('inbox_items_source').on('inbox_items').column('source_id').execute();
  for (const band of ['band0', 'band1', 'band2', 'band3']) {
    await db.schema.createIndex(`inbox_items_${band}`).on('inbox_items').column(band).execute();
  }

  await db.schema
    .createTable('watch_rules')
    .addColumn('id', 'integer', (col) =>
      postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
    )
    .addColumn('phrase', 'text', (c) => c.notNull())
    .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('cascade'))
    .addColumn('notify_email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('watch_rules').execute();
  await db.schema.dropTable('inbox_items').execute();
}
