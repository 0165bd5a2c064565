import type { Kysely } from 'kysely';
import { bumpVersionOncePerTransaction, bumpVersionPerStatement } from '../dialects/version-trigger.ts';

// PostgreSQL bumps the content version once per transaction instead of once per statement (a
// large import is one transaction; see dialects/version-trigger.ts). Nothing changes on SQLite.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await bumpVersionOncePerTransaction(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await bumpVersionPerStatement(db);
}
