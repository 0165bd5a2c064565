import assert from 'node:assert/strict';
import { it } from 'node:test';
import { pageNumber } from './page-number.ts';

it('reads ?page=N as a whole number from 1, clamping what a database offset cannot hold', () => {
  assert.equal(pageNumber(undefined), 1);
  assert.equal(pageNumber(''), 1);
  assert.equal(pageNumber('0'), 1);
  assert.equal(pageNumber('-3'), 1);
  assert.equal(pageNumber('abc'), 1);
  assert.equal(pageNumber('7'), 7);
  assert.equal(pageNumber('99999999999999999999'), 1);
  assert.equal(pageNumber('5000000'), 1_000_000);
});
