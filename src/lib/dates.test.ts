import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateFormat, formatDateTime } from './dates.ts';

describe('date formats', () => {
  it('are made once per locale and options and reused (each holds memory outside the heap)', () => {
    const a = dateFormat('en-US', { timeZone: 'Asia/Phnom_Penh', year: 'numeric' });
    assert.equal(dateFormat('en-US', { timeZone: 'Asia/Phnom_Penh', year: 'numeric' }), a);
    assert.notEqual(dateFormat('en-US', { timeZone: 'UTC', year: 'numeric' }), a);
    assert.notEqual(dateFormat('en-GB', { timeZone: 'Asia/Phnom_Penh', year: 'numeric' }), a);
  });

  it('still format in the zone asked for', () => {
    assert.equal(formatDateTime('2017-07-31T07:05:00Z', 'Asia/Phnom_Penh'), 'July 31, 2017 at 2:05 PM');
    assert.equal(formatDateTime('2017-07-31T07:05:00Z', 'UTC'), 'July 31, 2017 at 7:05 AM');
  });
});
