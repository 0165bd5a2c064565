// Runs a storage test against every database Gloss supports: SQLite (a fresh file) and
// PostgreSQL (a fresh database on the local server, dropped afterwards). Without PostgreSQL the
// PostgreSQL half skips with a message saying how to get it, except under CI=true, where it fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { openStore, type Store } from '../../src/storage/db.ts';

export const POSTGRES_ADMIN_URL =
  process.env.GLOSS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type DatabaseKind = 'sqlite' | 'postgres';

let pgAvailable: Promise<string | null> | undefined;

/** null when PostgreSQL answers; otherwise why not. */
export function postgresProblem(): Promise<string | null> {
  pgAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgAvailable;
}

/** A fresh, empty, migrated database of the given kind, and how to throw it away. */
export async function freshDatabase(
  kind: DatabaseKind,
): Promise<{ url: string; store: Store; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-test-'));
    const url = path.join(dir, 'gloss.db');
    const store = await openStore(url);
    return {
      url,
      store,
      drop: async () => {
        await store.close().catch(() => {});
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `gloss_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openStore(url.toString());
  return {
    url: url.toString(),
    store,
    drop: async () => {
      await store.close().catch(() => {});
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * describe() once per database. `setup` receives a getter for the current store (fresh per suite).
 * Under CI=true a missing PostgreSQL fails the suite instead of skipping it.
 */
export function eachDatabase(
  title: string,
  suite: (db: () => Store, kind: DatabaseKind, url: () => string) => void,
): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe(`${title} [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
      let current: Awaited<ReturnType<typeof freshDatabase>> | undefined;
      before(async () => {
        if (kind === 'postgres') {
          const problem = await postgresProblem();
          if (problem)
            throw new Error(`PostgreSQL is required under CI=true and is not reachable: ${problem}`);
        }
        current = await freshDatabase(kind);
      });
      after(async () => {
        await current?.drop();
      });
      const ready = () => {
        if (!current) throw new Error('database not ready');
        return current;
      };
      suite(
        () => ready().store,
        kind,
        () => ready().url,
      );
    });
  }
}

/**
 * Whether to skip PostgreSQL suites: decided synchronously at load time by a flag file that the
 * test runner (scripts/test.mjs) writes after probing the server once for the whole run.
 */
function postgresSkip(): string | false {
  if (process.env.CI === 'true') return false;
  const problem = process.env.GLOSS_TEST_POSTGRES_PROBLEM;
  return problem
    ? `PostgreSQL is not reachable (${problem}). Start it (pg_ctlcluster 15 main start) or set GLOSS_TEST_POSTGRES_URL.`
    : false;
}
