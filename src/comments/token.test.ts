import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFormToken, signFormToken } from './token.ts';

describe('form tokens', () => {
  const shown = new Date('2024-05-01T10:00:00Z');
  const later = (s: number) => new Date(shown.getTime() + s * 1000);

  it('say how long ago the form was shown, for the post it was shown on', () => {
    const token = signFormToken('secret', 42, shown);
    assert.deepEqual(checkFormToken('secret', token, 42, later(7)), { ok: true, ageSeconds: 7 });
    assert.deepEqual(checkFormToken('secret', token, 43, later(7)), { ok: false, reason: 'other-post' });
  });

  it('cannot be forged, altered or made with another secret', () => {
    const token = signFormToken('secret', 42, shown);
    const [post, issued, sig] = token.split('.');
    assert.equal(checkFormToken('other', token, 42, later(7)).ok, false);
    assert.deepEqual(checkFormToken('secret', `${post}.${Number(issued) - 3600}.${sig}`, 42, later(7)), {
      ok: false,
      reason: 'forged',
    });
    assert.deepEqual(checkFormToken('secret', 'nonsense', 42, later(7)), { ok: false, reason: 'malformed' });
  });
});
