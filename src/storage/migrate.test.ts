import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type DatabaseKind, eachDatabase, POSTGRES_ADMIN_URL } from '../../test/helpers/databases.ts';
import { migrateToLatest, migrator } from './migrate.ts';
import { down as bumpPerStatement } from './migrations/005_version_once_per_transaction.ts';
import { dumpSchema } from './schema-dump.ts';
import { SQLite } from './sqlite-driver.ts';

/** The schema 001–007 build, as dumped from a database built by the code before they were renumbered. */
const golden = (kind: DatabaseKind) =>
  fs.readFileSync(new URL(`./fixtures/schema-${kind}.txt`, import.meta.url), 'utf8');

/** An empty database that nothing has migrated yet, and how to throw it away. */
// biome-ignore lint/suspicious/noExplicitAny: no schema yet
async function emptyDatabase(kind: DatabaseKind): Promise<{ db: Kysely<any>; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-migrate-'));
    const db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'g.db')) }) });
    return {
      db,
      drop: async () => {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `gloss_test_empty_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.href });
  // The forced drop below ends any connection still open; that is expected, not a failure.
  pool.on('error', () => {});
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    drop: async () => {
      await db.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

eachDatabase('migrations', (store, kind) => {
  it('001 to 007 build on an empty database exactly the schema they always built', async () => {
    const { db, drop } = await emptyDatabase(kind);
    try {
      const { error } = await migrator(db).migrateTo('007_search_queue');
      assert.ifError(error);
      assert.equal(await dumpSchema(db, kind), golden(kind));
    } finally {
      await drop();
    }
  });

  it('create every table, and running them again changes nothing', async () => {
    const before = await dumpSchema(store().db, kind);
    await migrateToLatest(store().db);
    assert.equal(await dumpSchema(store().db, kind), before);
    for (const table of [
      'settings',
      'users',
      'posts',
      'labels',
      'post_labels',
      'comments',
      'redirects',
      'media',
    ]) {
      const rows = await store()
        .db.selectFrom(table as 'posts')
        .select((eb) => eb.fn.countAll().as('n'))
        .execute();
      assert.equal(rows.length, 1, table);
    }
  });

  /**
   * A database as the code before the renumbering left it: 001–007 ran (recorded under these
   * names and times), nothing later. Migrating it must end exactly like a fresh database.
   */
  async function oldDatabase(
    history: [name: string, timestamp: string][],
    // biome-ignore lint/suspicious/noExplicitAny: no fixed schema
    prepare?: (db: Kysely<any>) => Promise<void>,
  ) {
    const empty = await emptyDatabase(kind);
    const { error } = await migrator(empty.db).migrateTo('007_search_queue');
    assert.ifError(error);
    await prepare?.(empty.db);
    await sql`DELETE FROM kysely_migration`.execute(empty.db);
    for (const [name, timestamp] of history) {
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${name}, ${timestamp})`.execute(
        empty.db,
      );
    }
    return empty;
  }

  // biome-ignore lint/suspicious/noExplicitAny: no fixed schema
  async function history(db: Kysely<any>): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
    return rows.map((r) => r.name).sort();
  }

  /** Every migration, in order: 001–007 as renamed, then what came after. */
  async function allNames(): Promise<string[]> {
    return history(store().db);
  }

  const NEW_NAMES = [
    '001_initial',
    '002_comment_rules',
    '003_admin',
    '004_password_reset',
    '005_version_once_per_transaction',
    '006_search',
    '007_search_queue',
  ];

  it('rename the old names a database recorded, then run nothing again', async () => {
    const { db, drop } = await oldDatabase([
      ['001_initial', '2026-11-29T10:00:00.001Z'],
      ['010_comment_rules', '2026-11-29T10:00:00.002Z'],
      ['020_admin', '2026-11-29T10:00:00.003Z'],
      ['021_password_reset', '2026-11-29T10:00:00.004Z'],
      ['030_version_once_per_transaction', '2026-11-29T10:00:00.005Z'],
      ['040_search', '2026-11-29T10:00:00.006Z'],
      ['041_search_queue', '2026-11-29T10:00:00.007Z'],
    ]);
    try {
      await migrateToLatest(db);
      assert.deepEqual((await history(db)).slice(0, NEW_NAMES.length), NEW_NAMES);
      assert.deepEqual(await history(db), await allNames());
      assert.deepEqual((await migrator(db).migrateToLatest()).results, []);
      assert.equal(await dumpSchema(db, kind), await dumpSchema(store().db, kind));
    } finally {
      await drop();
    }
  });

  /** A history from the first days: 021 ran after 040, and 030 did not exist yet. */
  const BEFORE_030: [string, string][] = [
    ['001_initial', '2026-11-29T09:00:00.000Z'],
    ['010_comment_rules', '2026-11-29T09:00:00.000Z'],
    ['020_admin', '2026-11-29T09:00:00.000Z'],
    ['021_password_reset', '2026-11-29T11:00:00.000Z'],
    ['040_search', '2026-11-29T10:00:00.000Z'],
    ['041_search_queue', '2026-11-29T12:00:00.000Z'],
  ];

  it('take a history the old numbers ran out of order', async () => {
    const { db, drop } = await oldDatabase([
      ...BEFORE_030,
      ['030_version_once_per_transaction', '2026-11-29T13:00:00.000Z'],
    ]);
    try {
      await migrateToLatest(db);
      assert.deepEqual(await history(db), await allNames());
      assert.deepEqual((await migrator(db).migrateToLatest()).results, []);
    } finally {
      await drop();
    }
  });

  it('catch up what such a history lacks, numbered before what it ran', async () => {
    const { db, drop } = await oldDatabase(BEFORE_030, bumpPerStatement);
    try {
      await migrateToLatest(db);
      assert.deepEqual(await history(db), await allNames());
      assert.equal(
        await dumpSchema(db, kind),
        await dumpSchema(store().db, kind),
        'once per transaction again',
      );
      assert.deepEqual((await migrator(db).migrateToLatest()).results, []);
    } finally {
      await drop();
    }
  });

  it('bump the content version on every write to public content', async () => {
    const db = store().db;
    const v0 = await store().contentVersion();
    await db.insertInto('settings').values({ key: 'x', value: '1' }).execute();
    const v1 = await store().contentVersion();
    assert.ok(v1 > v0, 'insert bumps');
    await db.updateTable('settings').set({ value: '2' }).where('key', '=', 'x').execute();
    const v2 = await store().contentVersion();
    assert.ok(v2 > v1, 'update bumps');
    await db.deleteFrom('settings').where('key', '=', 'x').execute();
    assert.ok((await store().contentVersion()) > v2, 'delete bumps');
  });
});
