import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { migrateToLatest } from './migrate.ts';

eachDatabase('migrations', (store) => {
  it('create every table, and running them again changes nothing', async () => {
    await migrateToLatest(store().db);
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
