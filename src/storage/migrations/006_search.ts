import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The search index: one row per searchable post in both dialects, plus each dialect's own
// full-text structures (FTS5 tables on SQLite, a tsvector column and GIN indexes on PostgreSQL).
// The queries that use them are in src/search/dialects/.
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
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await createPostgresSearchSchema(db);
    // Search pages are cached like every page: an index write must make them stale too. The
    // function is 001's (once per transaction since 005).
    await sql`CREATE TRIGGER search_documents_bump_version AFTER INSERT OR UPDATE OR DELETE ON search_documents
      FOR EACH STATEMENT EXECUTE FUNCTION gloss_bump_version()`.execute(db);
    return;
  }
  await createSqliteSearchSchema(db);
  for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
    await sql
      .raw(
        `CREATE TRIGGER search_documents_bump_version_${event.toLowerCase()} AFTER ${event} ON search_documents
           BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END`,
      )
      .execute(db);
  }
}

// Two contentless FTS5 tables keyed by search_documents.doc_key: search_words holds the finished
// words per field (unicode61 told to keep letters, digits and marks together, so Khmer words are
// not cut at vowel signs), search_grams a trigram index of the unspaced-script text.
// biome-ignore lint/suspicious/noExplicitAny: see up()
async function createSqliteSearchSchema(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE search_words USING fts5(title, body, source, labels, pairs, filter,
    content='', contentless_delete=1, tokenize="unicode61 categories 'L* N* Co M*' remove_diacritics 0")`.execute(
    db,
  );
  await sql`CREATE VIRTUAL TABLE search_grams USING fts5(grams, filter,
    content='', contentless_delete=1, tokenize='trigram')`.execute(db);
  await sql`CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN
    DELETE FROM search_words WHERE rowid = old.doc_key;
    DELETE FROM search_grams WHERE rowid = old.doc_key;
  END`.execute(db);
  // Whatever unpublishes or trashes a post (the editor, an import, a hand-written UPDATE) takes it
  // out of the index at once; publishing needs indexPost, which only JavaScript can segment.
  await sql`CREATE TRIGGER posts_leave_search AFTER UPDATE OF kind, status, trashed_at ON posts
    WHEN NEW.kind <> 'post' OR NEW.status <> 'published' OR NEW.trashed_at IS NOT NULL BEGIN
    DELETE FROM search_documents WHERE post_id = NEW.id;
  END`.execute(db);
}

// A tsvector of the finished words in a GIN index (built by the indexer as a literal, so
// PostgreSQL's own parser never re-cuts Khmer words), and a pg_trgm index for substring matches.
// biome-ignore lint/suspicious/noExplicitAny: see up()
async function createPostgresSearchSchema(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`ALTER TABLE search_documents ADD COLUMN words tsvector NOT NULL DEFAULT ''::tsvector`.execute(db);
  await sql`CREATE INDEX search_documents_words ON search_documents USING gin (words)`.execute(db);
  await sql`CREATE INDEX search_documents_grams ON search_documents USING gin (grams gin_trgm_ops)`.execute(
    db,
  );
  // Whatever unpublishes or trashes a post takes it out of the index at once (as on SQLite).
  await sql`CREATE FUNCTION gloss_search_leave() RETURNS trigger AS $$
    BEGIN DELETE FROM search_documents WHERE post_id = NEW.id; RETURN NULL; END $$ LANGUAGE plpgsql`.execute(
    db,
  );
  await sql`CREATE TRIGGER posts_leave_search AFTER UPDATE OF kind, status, trashed_at ON posts FOR EACH ROW
    WHEN (NEW.kind <> 'post' OR NEW.status <> 'published' OR NEW.trashed_at IS NOT NULL)
    EXECUTE FUNCTION gloss_search_leave()`.execute(db);
}
