import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { fromAddress } from '../../test/helpers/comments.ts';
import { clientAddress, hashAddress, rateLimitSubject } from './client-address.ts';

describe('client addresses', () => {
  const app = new Hono();
  app.get('/', (c) => c.text(`${clientAddress(c, false)}|${clientAddress(c, true)}`));
  const ask = async (address: string, forwarded?: string) =>
    (
      await app.request(
        '/',
        { headers: forwarded ? { 'x-forwarded-for': forwarded } : {} },
        fromAddress(address),
      )
    ).text();

  it('comes from the socket; X-Forwarded-For counts only behind a proxy, and only its last entry', async () => {
    assert.equal(await ask('198.51.100.7', '1.2.3.4'), '198.51.100.7|1.2.3.4');
    assert.equal(await ask('10.0.0.1', '6.6.6.6, 192.0.2.9'), '10.0.0.1|192.0.2.9');
    assert.equal(await ask('::ffff:198.51.100.7'), '198.51.100.7|198.51.100.7');
    assert.equal(await ask('10.0.0.1', 'not an address'), '10.0.0.1|10.0.0.1');
  });

  it('rate-limits IPv6 by /64 and stores only keyed hashes', () => {
    assert.equal(rateLimitSubject('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(rateLimitSubject('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(rateLimitSubject('198.51.100.7'), '198.51.100.7');
    const hash = hashAddress('secret', '198.51.100.7');
    assert.doesNotMatch(hash, /198/);
    assert.notEqual(hash, hashAddress('other secret', '198.51.100.7'));
  });
});
