import type { Kysely } from 'kysely';

// An invitation link also serves to set a new password for an existing account: its purpose says which.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('invitations')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('invite'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invitations').dropColumn('purpose').execute();
}
