// The per-address mail allowance under parallel requests, as an attacker would send them: 40
// sign-ups for one address at once must queue no more mails than the allowance, on both
// databases (the count is one upsert, not a read and then a write). Reply requests from the
// comment form spend the same allowance (replies.ts uses the same window key).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { signUp } from './subscribe.ts';

const ctx = (now: Date) => ({
  blogTitle: 'Race',
  baseUrl: 'http://blog.test',
  from: 'blog@blog.test',
  now,
  limitPerEmail: 3,
});

eachDatabase('subscriptions: the mail allowance under parallel sign-ups', (getStore) => {
  it('queues at most the allowance from 40 simultaneous sign-ups of one address', async () => {
    const db = getStore().db;
    const now = new Date('2026-12-01T10:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signUp(db, { email: i % 2 ? 'victim@example.org' : 'Victim@Example.ORG ', mode: 'post' }, ctx(now)),
      ),
    );
    assert.ok(results.every((r) => r.kind === 'accepted'));
    const mails = await db
      .selectFrom('mail_queue')
      .select('id')
      .where('to_address', '=', 'victim@example.org')
      .execute();
    assert.ok(mails.length >= 1 && mails.length <= 3, `${mails.length} mails queued`);
    const throttle = await db
      .selectFrom('throttle')
      .select('hits')
      .where('key', 'like', 'subscribe:mail:%')
      .execute();
    assert.deepEqual(
      throttle.map((t) => Number(t.hits)),
      [40],
    );
    const subscribers = await db.selectFrom('subscribers').select('status').execute();
    assert.deepEqual(
      subscribers.map((s) => s.status),
      ['pending'],
    );
  });
});
