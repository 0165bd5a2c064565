import type { Kysely } from 'kysely';

// The blog's source pages (/source/OUTLET/, /source/OUTLET/AUTHOR/): clippings are found by their
// outlet, so posts get an index on it; and outlet or writer names merged in the admin are kept as
// aliases, so the pages of a name merged away redirect to the name it became. An author alias
// belongs to one outlet ('' for an outlet's own alias): the same name at two outlets may be two people.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('posts_source_outlet')
    .on('posts')
    .columns(['source_outlet', 'published_at'])
    .execute();
  await db.schema
    .createTable('source_aliases')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('outlet', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text', (c) => c.notNull())
    .addColumn('to_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('source_aliases_pkey', ['kind', 'outlet', 'from_name'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('source_aliases').execute();
  await db.schema.dropIndex('posts_source_outlet').execute();
}
