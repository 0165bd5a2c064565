import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { eachDatabase } from '../../test/helpers/databases.ts';

eachDatabase('an open store', (store) => {
  it('reads counts and bigints as numbers, leaving pg’s global parsers alone', async () => {
    const row = await store()
      .db.selectFrom('posts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(row.n, 0);
    const { rows } = await sql<{ big: unknown }>`SELECT CAST(9007199254740991 AS bigint) AS big`.execute(
      store().db,
    );
    assert.equal(rows[0]!.big, 9007199254740991);
    assert.equal(pg.types.getTypeParser(pg.types.builtins.INT8)('7'), '7', 'the global int8 parser');
  });
});
