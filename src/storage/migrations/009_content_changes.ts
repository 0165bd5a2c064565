import { type Kysely, PostgresAdapter, sql } from 'kysely';

// What changed, not only that something did: every write to a table whose rows show on public
// pages records tags (post:ID for the post a row belongs to, then posts, comments, settings...)
// with the content version it made. A page cache that saw version V reads the tags written after
// V and drops only the pages that show them: a comment on one post leaves every other post page
// cached. One row per tag (an upsert), so the table stays as small as the blog.
//
// PostgreSQL: statement triggers over transition tables (an import writes one row per tag, not
// one per post), which bump the version once per transaction as 005's function does, then read it
// under the row lock that bump holds until commit: versions follow commit order, so a reader that
// saw V misses no tag written with a later one. Each change is also announced with
// NOTIFY gloss_content (payload: the version) so other processes need not poll.
// SQLite: one writer at a time, so per-row triggers record the version the write is making.

// Each table's tags, as SQL expressions over the changed row (ROW. names its columns).
const TABLES: { table: string; tags: string[] }[] = [
  { table: 'posts', tags: [`'post:' || ROW.id`, `'posts'`] },
  { table: 'post_labels', tags: [`'post:' || ROW.post_id`, `'posts'`] },
  { table: 'labels', tags: [`'posts'`] },
  { table: 'comments', tags: [`'post:' || ROW.post_id`, `'comments'`] },
  { table: 'settings', tags: [`'*'`] },
  { table: 'redirects', tags: [`'redirects'`] },
  { table: 'media', tags: [`'media'`] },
];

const EVENTS = [
  ['INSERT', 'NEW'],
  ['UPDATE', 'NEW'],
  ['DELETE', 'OLD'],
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_changes')
    .addColumn('tag', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('content_changes_version').on('content_changes').column('version').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE FUNCTION gloss_record_changes(tags text[]) RETURNS void AS $$
      DECLARE v bigint;
      BEGIN
        IF current_setting('gloss.version_bumped_in', true) IS DISTINCT FROM txid_current()::text THEN
          UPDATE content_version SET n = n + 1 WHERE id = 1;
          PERFORM set_config('gloss.version_bumped_in', txid_current()::text, true);
        END IF;
        SELECT n INTO v FROM content_version WHERE id = 1;
        INSERT INTO content_changes (tag, version) SELECT DISTINCT t, v FROM unnest(tags) AS t
          ON CONFLICT (tag) DO UPDATE SET version = EXCLUDED.version;
        PERFORM pg_notify('gloss_content', v::text);
      END $$ LANGUAGE plpgsql`.execute(db);
    for (const { table, tags } of TABLES) {
      await sql
        .raw(
          `CREATE FUNCTION gloss_${table}_changed() RETURNS trigger AS $$
           BEGIN
             IF EXISTS (SELECT 1 FROM changed_rows) THEN
               PERFORM gloss_record_changes(ARRAY(${tags
                 .map((tag) => `SELECT ${tag.replaceAll('ROW.', '')} FROM changed_rows`)
                 .join(' UNION ')}));
             END IF;
             RETURN NULL;
           END $$ LANGUAGE plpgsql`,
        )
        .execute(db);
      for (const [event, transition] of EVENTS) {
        await sql
          .raw(
            `CREATE TRIGGER ${table}_changes_${event.toLowerCase()} AFTER ${event} ON ${table}
             REFERENCING ${transition} TABLE AS changed_rows
             FOR EACH STATEMENT EXECUTE FUNCTION gloss_${table}_changed()`,
          )
          .execute(db);
      }
    }
    return;
  }

  for (const { table, tags } of TABLES) {
    for (const [event, row] of EVENTS) {
      const values = tags
        .map(
          (tag) => `(${tag.replaceAll('ROW.', `${row}.`)}, (SELECT n FROM content_version WHERE id = 1) + 1)`,
        )
        .join(', ');
      await sql
        .raw(
          `CREATE TRIGGER ${table}_changes_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN
             INSERT INTO content_changes (tag, version) VALUES ${values}
             ON CONFLICT (tag) DO UPDATE SET version = excluded.version;
           END`,
        )
        .execute(db);
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const { table } of TABLES) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql
        .raw(`DROP TRIGGER IF EXISTS ${table}_changes_${event}${postgres ? ` ON ${table}` : ''}`)
        .execute(db);
    }
    if (postgres) await sql.raw(`DROP FUNCTION IF EXISTS gloss_${table}_changed()`).execute(db);
  }
  if (postgres) await sql`DROP FUNCTION IF EXISTS gloss_record_changes(text[])`.execute(db);
  await db.schema.dropTable('content_changes').execute();
}
