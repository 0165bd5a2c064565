import { type Kysely, PostgresAdapter, sql } from 'kysely';

// PostgreSQL bumps the content version once per transaction instead of once per statement. 001's
// function updated the one counter row after every write statement; inside one long transaction
// (an import) that is quadratic: each UPDATE of the same row adds a row version the next one has
// to walk past (20,000 bumps: 4 s; the next 20,000: 11 s; the next: 17 s). Once per transaction is
// enough: other connections see the new number when the transaction commits, not before. SQLite
// updates the row in place, so its per-row triggers stay as they are.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`CREATE OR REPLACE FUNCTION gloss_bump_version() RETURNS trigger AS $$
    BEGIN
      IF current_setting('gloss.version_bumped_in', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE content_version SET n = n + 1 WHERE id = 1;
        PERFORM set_config('gloss.version_bumped_in', txid_current()::text, true);
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`CREATE OR REPLACE FUNCTION gloss_bump_version() RETURNS trigger AS $$
    BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; RETURN NULL; END $$ LANGUAGE plpgsql`.execute(
    db,
  );
}
