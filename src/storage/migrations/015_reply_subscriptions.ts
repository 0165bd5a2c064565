import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

// Reply notifications (src/subscriptions/replies.ts): a commenter who ticked "Notify me" is told of
// replies to their comment once they confirm by mail. One request per comment; the replies already
// mailed are remembered, so a reply is mailed once however often it is approved or restored; a
// queued mail names its request so that unsubscribing from the thread cancels what still waits.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('reply_subscriptions')
    .addColumn('id', 'integer', id)
    .addColumn('comment_id', 'integer', (c) =>
      c.notNull().unique().references('comments.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('confirm_hash', 'text')
    .addColumn('confirm_expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .execute();
  await db.schema
    .createIndex('reply_subscriptions_status')
    .on('reply_subscriptions')
    .column('status')
    .execute();

  await db.schema
    .createTable('reply_mailings')
    .addColumn('comment_id', 'integer', (c) => c.primaryKey().references('comments.id').onDelete('cascade'))
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('mail_queue').addColumn('reply_subscription_id', 'integer').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_queue').dropColumn('reply_subscription_id').execute();
  await db.schema.dropTable('reply_mailings').execute();
  await db.schema.dropTable('reply_subscriptions').execute();
}
