import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectivePolicy } from './policy.ts';

describe('comment policy', () => {
  const post = { comment_policy: null, published_at: '2024-01-01T00:00:00.000Z' };
  const blog = { commentPolicy: 'open' as const, commentCloseDays: null };
  const now = new Date('2024-01-20T00:00:00Z');

  it("follows the blog's policy unless the post sets its own", () => {
    assert.equal(effectivePolicy(post, blog, now), 'open');
    assert.equal(effectivePolicy(post, { ...blog, commentPolicy: 'moderated' }, now), 'moderated');
    assert.equal(effectivePolicy({ ...post, comment_policy: 'closed' }, blog, now), 'closed');
    assert.equal(
      effectivePolicy({ ...post, comment_policy: 'open' }, { ...blog, commentPolicy: 'closed' }, now),
      'open',
    );
  });

  it('closes comments N days after publication, unless the post was explicitly opened', () => {
    assert.equal(effectivePolicy(post, { ...blog, commentCloseDays: 30 }, now), 'open');
    assert.equal(effectivePolicy(post, { ...blog, commentCloseDays: 14 }, now), 'closed');
    assert.equal(effectivePolicy(post, { ...blog, commentCloseDays: 0 }, now), 'closed');
    assert.equal(
      effectivePolicy({ ...post, comment_policy: 'moderated' }, { ...blog, commentCloseDays: 14 }, now),
      'moderated',
    );
  });
});
