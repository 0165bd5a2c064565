// How PostgreSQL bumps content_version (the number the page cache checks). The first version, in
// 001, updated the one counter row after every write statement. Inside one long transaction (an
// import) that is quadratic: each UPDATE of the same row adds a row version the next one has to
// walk past (20,000 bumps: 4 s; the next 20,000: 11 s; the next: 17 s). Once per transaction is
// enough: other connections see the new number when the transaction commits, not before.
// SQLite updates the row in place, so its per-row triggers stay as they are. createVersionTriggers
// (columns.ts) makes the function this way; migration 030 replaces the older one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: used by migrations, which run against no fixed schema
export async function bumpVersionOncePerTransaction(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`CREATE OR REPLACE FUNCTION gloss_bump_version() RETURNS trigger AS $$
    BEGIN
      IF current_setting('gloss.version_bumped_in', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE content_version SET n = n + 1 WHERE id = 1;
        PERFORM set_config('gloss.version_bumped_in', txid_current()::text, true);
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql`.execute(db);
}

/** The function as 001 made it (for the migration's down). */
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function bumpVersionPerStatement(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`CREATE OR REPLACE FUNCTION gloss_bump_version() RETURNS trigger AS $$
    BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; RETURN NULL; END $$ LANGUAGE plpgsql`.execute(
    db,
  );
}
