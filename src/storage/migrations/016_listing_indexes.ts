import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Indexes for the public listings at 100k posts (bench/pg-scale.bench.ts found each missing):
// - posts_published_order: every listing reads live posts newest first, ties broken by id
//   (home, feeds, the previous/next links of a post page). 001's posts_listing ends at
//   published_at, so PostgreSQL sorted every published post to take ten, and chose to read the
//   whole table to do it. Partial (live posts only), as every listing asks for.
// - posts_published_updated: the feeds' Last-Modified is the newest updated_at of live posts.
// - posts_path_prefix: a month or year archive asks for paths beginning /YYYY/MM/; walking the
//   listing order from the newest post to reach 2008 read the whole blog. PostgreSQL needs the
//   pattern operator class for LIKE 'prefix%'; SQLite's LIKE ignores case, so its index does too.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`CREATE INDEX posts_published_order ON posts (kind, status, published_at, id)
    WHERE trashed_at IS NULL`.execute(db);
  await sql`CREATE INDEX posts_published_updated ON posts (kind, status, updated_at)
    WHERE trashed_at IS NULL`.execute(db);
  if (postgres) {
    await sql`CREATE INDEX posts_path_prefix ON posts (path text_pattern_ops)`.execute(db);
  } else {
    await sql`CREATE INDEX posts_path_prefix ON posts (path COLLATE NOCASE)`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['posts_path_prefix', 'posts_published_updated', 'posts_published_order']) {
    await db.schema.dropIndex(name).execute();
  }
}
