import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

// The core tables, and the content version every page cache checks. Frozen (see ../migrate.ts):
// the id column and the version triggers are written out here as they were on the day.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  /** An integer primary key the database fills in. */
  const id = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', id)
    .addColumn('email', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('profile_url', 'text')
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('media')
    .addColumn('id', 'integer', id)
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('original_name', 'text')
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('variants', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('alt', 'text')
    .addColumn('caption', 'text')
    .addColumn('credit', 'text')
    .addColumn('source_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'integer', id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_source', 'text')
    .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_zone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('trashed_at', 'text')
    .addColumn('comment_policy', 'text')
    .addColumn('image_src', 'text')
    .addColumn('image_alt', 'text')
    .addColumn('image_caption', 'text')
    .addColumn('image_credit', 'text')
    .addColumn('image_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('source_title', 'text')
    .addColumn('source_authors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('source_outlet', 'text')
    .addColumn('source_date', 'text')
    .addColumn('source_url', 'text')
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('import_hash', 'text')
    .execute();
  await db.schema
    .createIndex('posts_listing')
    .on('posts')
    .columns(['kind', 'status', 'trashed_at', 'published_at'])
    .execute();
  await db.schema.createIndex('posts_source_url').on('posts').column('source_url').execute();
  await db.schema.createIndex('posts_author').on('posts').column('author_id').execute();

  await db.schema
    .createTable('labels')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .execute();

  await db.schema
    .createTable('post_labels')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('label_id', 'integer', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('post_labels_pk', ['post_id', 'label_id'])
    .execute();
  await db.schema.createIndex('post_labels_label').on('post_labels').column('label_id').execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', id)
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text')
    .addColumn('author_url', 'text')
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('spam_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('comments_post')
    .on('comments')
    .columns(['post_id', 'status', 'created_at'])
    .execute();
  await db.schema.createIndex('comments_status').on('comments').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', 'integer', id)
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('redirects')
    .addColumn('from_path', 'text', (c) => c.primaryKey())
    .addColumn('to_path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull().defaultTo(301))
    .execute();

  await db.schema
    .createTable('clip_snapshots')
    .addColumn('id', 'integer', id)
    .addColumn('post_id', 'integer', (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('canonical_url', 'text')
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('text_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clip_snapshots_url').on('clip_snapshots').column('canonical_url').execute();
  await db.schema.createIndex('clip_snapshots_hash').on('clip_snapshots').column('text_hash').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', id)
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .execute();

  await db.schema
    .createTable('throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('content_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO content_version (id, n) VALUES (1, 0)`.execute(db);
  await createVersionTriggers(db, postgres, [
    'settings',
    'posts',
    'labels',
    'post_labels',
    'comments',
    'redirects',
    'media',
  ]);
}

/**
 * Bumps content_version after every write to the tables whose changes show on public pages. On
 * PostgreSQL once per statement here; 005 makes it once per transaction.
 */
// biome-ignore lint/suspicious/noExplicitAny: see up()
async function createVersionTriggers(db: Kysely<any>, postgres: boolean, tables: string[]): Promise<void> {
  if (postgres) {
    await sql`CREATE OR REPLACE FUNCTION gloss_bump_version() RETURNS trigger AS $$
      BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; RETURN NULL; END $$ LANGUAGE plpgsql`.execute(
      db,
    );
    for (const table of tables) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_bump_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION gloss_bump_version()`,
        )
        .execute(db);
    }
    return;
  }
  for (const table of tables) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_bump_version_${event.toLowerCase()} AFTER ${event} ON ${table}
           BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END`,
        )
        .execute(db);
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'content_version',
    'throttle',
    'outbox',
    'clip_snapshots',
    'redirects',
    'moderation_log',
    'comments',
    'post_labels',
    'labels',
    'posts',
    'media',
    'sessions',
    'users',
    'settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
