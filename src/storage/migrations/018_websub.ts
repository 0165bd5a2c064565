import type { Kysely } from 'kysely';

// WebSub (src/inbox/websub/): an outlet's feed may name a hub that pushes new entries. The hub
// and the feed's own address (its topic) are kept on the outlet as the poller finds them; each
// subscription is a row of its own, with the callback's unguessable token and the secret the hub
// signs pushes with, so listing outlets never reads a secret. A subscription outlives its outlet
// while it is being unsubscribed (the hub verifies that against the callback too).

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sources').addColumn('hub_url', 'text').execute();
  await db.schema.alterTable('sources').addColumn('topic_url', 'text').execute();
  await db.schema
    .createTable('websub_subscriptions')
    .addColumn('source_id', 'integer', (c) => c.primaryKey())
    .addColumn('hub_url', 'text', (c) => c.notNull())
    .addColumn('topic_url', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('websub_subscriptions').execute();
  await db.schema.alterTable('sources').dropColumn('topic_url').execute();
  await db.schema.alterTable('sources').dropColumn('hub_url').execute();
}
