import { type Kysely, PostgresAdapter } from 'kysely';

// The outlets an editor follows (src/sources/): each known by its feed address and its site
// address, with what the poller needs between fetches (validators of the last 200, the adaptive
// interval, when to fetch next) and its health in words (last status, last error, errors in a row).

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'integer', (col) =>
      db.getExecutor().adapter instanceof PostgresAdapter
        ? col.primaryKey().generatedByDefaultAsIdentity()
        : col.primaryKey().autoIncrement(),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('feed_url', 'text', (c) => c.notNull().unique())
    .addColumn('site_url', 'text')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('next_fetch_at', 'text', (c) => c.notNull())
    .addColumn('last_fetch_at', 'text')
    .addColumn('last_status', 'text')
    .addColumn('last_error', 'text')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('entries_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sources_next_fetch').on('sources').column('next_fetch_at').execute();
  await db.schema.createIndex('sources_site').on('sources').column('site_url').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sources').execute();
}
