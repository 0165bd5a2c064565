// The content version a server process sees: a write by another process (another store on the
// same database) is seen without this one asking, on PostgreSQL by LISTEN/NOTIFY; a write by
// this process is seen on the very next look; a listener whose connection is terminated falls
// back to reading the row and listens again. Only this test's own listener connection is
// terminated (by its backend pid): other tests share the server.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { eachDatabase, POSTGRES_ADMIN_URL } from '../../test/helpers/databases.ts';
import { openStore, type Store } from './db.ts';

/** Waits for a condition, failing after `ms` (generous: the machine is shared). */
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let counter = 0;
/** A write that changes content (a setting: 009 tags it '*'), through the given store. */
async function write(store: Store): Promise<void> {
  counter++;
  await store.db
    .insertInto('settings')
    .values({ key: 'listener_test', value: String(counter) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(counter) }))
    .execute();
}

const rowVersion = async (store: Store) =>
  Number((await store.db.selectFrom('content_version').select('n').executeTakeFirstOrThrow()).n);

eachDatabase('the content version a server sees', (store, kind, url) => {
  let server: Store;
  before(async () => {
    // Notifications only: the periodic row check is off (an hour), so what arrives came by NOTIFY.
    server = await openStore(url(), { migrate: false, listen: { checkMs: 3_600_000, retryMs: 50 } });
  });
  after(async () => {
    await server?.close();
  });

  it("sees another process's write", async () => {
    await write(store());
    const expected = await rowVersion(store());
    await until('the version moves', async () => (await server.contentVersion()) === expected);
    if (kind === 'postgres') {
      assert.ok(server.listener, 'a PostgreSQL server store listens');
      assert.equal(server.contentVersion(), expected, 'known in memory, without a round trip');
    } else {
      assert.equal(server.listener, undefined, 'SQLite has no listener: its read is synchronous');
    }
  });

  it('sees its own write on the next look, before any notification could arrive', async () => {
    for (let i = 0; i < 20; i++) {
      await write(server);
      assert.equal(await server.contentVersion(), await rowVersion(store()));
    }
    // And a transaction's write once it commits.
    await server.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('settings')
        .set({ value: 'in a transaction' })
        .where('key', '=', 'listener_test')
        .execute();
    });
    assert.equal(await server.contentVersion(), await rowVersion(store()));
  });

  if (kind !== 'postgres') return;
  it('listens again after its connection is terminated, reading the row meanwhile', async () => {
    const listener = server.listener!;
    const pid = listener.backendPid!;
    const connections = listener.connections;
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      // Our own listener's backend, named by its pid and checked to be listening: nothing else.
      const { rows } = await admin.query(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
         WHERE pid = $1 AND query LIKE '%pg_backend_pid()%content_version%'`,
        [pid],
      );
      assert.deepEqual(rows, [{ done: true }]);
    } finally {
      await admin.end();
    }
    await until(
      'the loss is noticed',
      () => listener.current === undefined || listener.connections > connections,
    );
    // Down or already back: either way a write made now is seen.
    await write(store());
    assert.equal(await server.contentVersion(), await rowVersion(store()));
    await until(
      'it listens again',
      () => listener.connections > connections && listener.current !== undefined,
    );
    assert.notEqual(listener.backendPid, pid, 'a new connection');
    // And notifications arrive on the new connection (the periodic check is off).
    await write(store());
    const expected = await rowVersion(store());
    await until('the notification arrives', () => listener.current === expected);
  });
});
