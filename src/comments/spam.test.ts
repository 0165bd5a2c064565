import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../settings/settings.ts';
import { blockedTerm, bodyHash, judge, type SpamFacts } from './spam.ts';

const facts = (over: Partial<SpamFacts> = {}): SpamFacts => ({
  body: 'A fair point about the accords.',
  html: '<p>A fair point about the accords.</p>',
  links: 0,
  author: 'Sok',
  email: null,
  url: null,
  address: '198.51.100.7',
  honeypot: '',
  formAgeSeconds: 60,
  ...over,
});

describe('spam rules', () => {
  const settings = {
    ...DEFAULT_SETTINGS,
    commentBlocklist: ['casino', 'spam@example.com', '203.0.113.', 'ម៉ាស៊ីន'],
  };

  it('lets an ordinary comment through', () => {
    assert.deepEqual(judge(facts(), settings), { status: null, reasons: [] });
  });

  it('sends robots to spam: the hidden field, a form sent too fast, a blocked term', () => {
    assert.deepEqual(judge(facts({ honeypot: 'http://x' }), settings), {
      status: 'spam',
      reasons: ['the hidden field was filled in'],
    });
    assert.equal(judge(facts({ formAgeSeconds: 1 }), settings).status, 'spam');
    assert.match(
      judge(facts({ formAgeSeconds: 1 }), settings).reasons[0]!,
      /sent 1 s after .* \(minimum 3 s\)/,
    );
    assert.deepEqual(judge(facts({ body: 'Best CASINO in town' }), settings).reasons, [
      'blocked term “casino”',
    ]);
  });

  it('sends what a person may have written to pending: many links, an old form', () => {
    assert.deepEqual(judge(facts({ links: 4 }), settings), {
      status: 'pending',
      reasons: ['4 links (more than 3)'],
    });
    assert.equal(judge(facts({ links: 3 }), settings).status, null);
    assert.deepEqual(judge(facts({ formAgeSeconds: 30 * 3600 }), settings), {
      status: 'pending',
      reasons: ['the form was 30 hours old'],
    });
    // Spam outranks pending, and every reason is kept.
    assert.deepEqual(judge(facts({ links: 9, honeypot: 'x' }), settings).status, 'spam');
  });

  it('matches blocked words whole, addresses by prefix, unspaced scripts anywhere', () => {
    assert.equal(blockedTerm(facts({ body: 'casinos are fine' }), settings.commentBlocklist), null);
    assert.equal(
      blockedTerm(facts({ email: 'SPAM@example.com' }), settings.commentBlocklist),
      'spam@example.com',
    );
    assert.equal(blockedTerm(facts({ address: '203.0.113.45' }), settings.commentBlocklist), '203.0.113.');
    assert.equal(blockedTerm(facts({ address: '203.0.114.45' }), settings.commentBlocklist), null);
    assert.equal(blockedTerm(facts({ body: 'លក់ម៉ាស៊ីនថោក' }), settings.commentBlocklist), 'ម៉ាស៊ីន');
  });

  it('calls texts the same whatever their case and spacing', () => {
    assert.equal(bodyHash('Buy  now\nplease'), bodyHash('buy now please '));
    assert.notEqual(bodyHash('buy now'), bodyHash('buy later'));
  });
});
