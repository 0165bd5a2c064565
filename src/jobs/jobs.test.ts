import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { leaseHolder, releaseLease, tryLease } from './lease.ts';
import { startJob } from './periodic.ts';

const T0 = new Date('2030-01-01T00:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

eachDatabase('job leases', (store) => {
  it('gives a lease to one holder until it expires, then to another', async () => {
    const { db } = store();
    assert.equal(await tryLease(db, 'mail', 'a', 10_000, T0), true);
    assert.equal(await tryLease(db, 'mail', 'b', 10_000, later(5_000)), false, 'a still holds it');
    assert.equal(await tryLease(db, 'mail', 'a', 10_000, later(9_000)), true, 'a renews');
    assert.equal(await tryLease(db, 'mail', 'b', 10_000, later(15_000)), false, 'renewed until 19 s');
    assert.equal(await leaseHolder(db, 'mail', later(15_000)), 'a');
    assert.equal(await tryLease(db, 'mail', 'b', 10_000, later(19_000)), true, 'expired: b takes it');
    assert.equal(await tryLease(db, 'mail', 'a', 10_000, later(20_000)), false);
    assert.equal(await tryLease(db, 'other', 'a', 10_000, later(20_000)), true, 'leases are per name');
  });

  it('lets exactly one of many simultaneous claimants win', async () => {
    const { db } = store();
    const holders = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const won = await Promise.all(holders.map((h) => tryLease(db, 'race', h, 60_000, T0)));
    assert.equal(won.filter(Boolean).length, 1);
    assert.equal(await leaseHolder(db, 'race', T0), holders[won.indexOf(true)]);
  });

  it('frees a released lease at once, and only for its holder', async () => {
    const { db } = store();
    await tryLease(db, 'sweep', 'a', 60_000, T0);
    await releaseLease(db, 'sweep', 'b');
    assert.equal(await leaseHolder(db, 'sweep', T0), 'a', 'b cannot release what a holds');
    await releaseLease(db, 'sweep', 'a');
    assert.equal(await leaseHolder(db, 'sweep', T0), null);
    assert.equal(await tryLease(db, 'sweep', 'b', 60_000, T0), true);
  });

  it('runs an exclusive job in one of several processes, and hands it over on stop', async () => {
    const { db } = store();
    const ran: string[] = [];
    const start = (holder: string) =>
      startJob(
        { db, now: () => new Date(), holder },
        {
          name: 'tick',
          everyMs: 20,
          step: async () => {
            ran.push(holder);
          },
        },
      );
    const stopA = start('A');
    await new Promise((r) => setTimeout(r, 30));
    const stopB = start('B');
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(ran.length >= 3, `ran ${ran.length} times`);
    assert.deepEqual([...new Set(ran)], ['A'], 'only the lease holder ran it');
    await stopA();
    const before = ran.length;
    await new Promise((r) => setTimeout(r, 200));
    await stopB();
    assert.ok(ran.slice(before).includes('B'), 'B took over once A released the lease');
  });

  it('runs a shared job in every process, and never overlaps a step with itself', async () => {
    const { db } = store();
    let active = 0;
    let most = 0;
    let rounds = 0;
    const stop = startJob(
      { db, now: () => new Date() },
      {
        name: 'slow',
        everyMs: 5,
        exclusive: false,
        step: async () => {
          active++;
          most = Math.max(most, active);
          rounds++;
          await new Promise((r) => setTimeout(r, 30));
          active--;
        },
      },
    );
    await new Promise((r) => setTimeout(r, 200));
    await stop();
    assert.ok(rounds >= 2);
    assert.equal(most, 1);
    assert.equal(await leaseHolder(db, 'slow', new Date()), null, 'a shared job takes no lease');
  });

  it('keeps running after a step fails, and says which job failed', async () => {
    const { db } = store();
    let calls = 0;
    const errors: string[] = [];
    const original = console.error;
    console.error = (message: string) => errors.push(message);
    try {
      const stop = startJob(
        { db, now: () => new Date(), holder: 'solo' },
        {
          name: 'flaky',
          everyMs: 10,
          step: async () => {
            calls++;
            if (calls === 1) throw new Error('the SMTP server hung up');
          },
        },
      );
      await new Promise((r) => setTimeout(r, 100));
      await stop();
    } finally {
      console.error = original;
    }
    assert.ok(calls >= 2);
    assert.match(errors[0] ?? '', /"flaky" failed: the SMTP server hung up/);
  });
});
