import assert from 'node:assert/strict';
import { it } from 'node:test';
import { recordId } from './record-id.ts';

it('reads a record id only when an id column can hold it, else 0, which no record has', () => {
  assert.equal(recordId('12'), 12);
  assert.equal(recordId(' 7 '), 7);
  assert.equal(recordId('2147483647'), 2147483647);
  for (const bad of [
    undefined,
    null,
    '',
    '0',
    '-3',
    '1.5',
    '1e3',
    'abc',
    '0x10',
    '2147483648',
    '99999999999999999999',
  ])
    assert.equal(recordId(bad), 0, String(bad));
});
