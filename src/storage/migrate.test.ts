import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type DatabaseKind, eachDatabase, POSTGRES_ADMIN_URL } from '../../test/helpers/databases.ts';
import { migrateToLatest } from './migrate.ts';
import { dumpSchema } from './schema-dump.ts';

/** The schema the migrations build, as dumped from a database the code before 2026-12 built. */
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
  const db = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.href }) }),
  });
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
  it('build on an empty database exactly the schema they always built', async () => {
    const { db, drop } = await emptyDatabase(kind);
    try {
      await migrateToLatest(db);
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
