// Verification of intent (WebSub 5.3): the hub GETs the callback with hub.mode, hub.topic,
// hub.challenge (and hub.lease_seconds). The challenge is echoed only for what this blog asked:
// the subscription behind the callback's token, for its own topic, in a state that wanted it.
// Anything else is 404, so nobody can subscribe the blog to a feed it did not ask for.
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import { activate, fallBack, forget, type Subscription } from './store.ts';

export type Verdict = { status: 200; body: string } | { status: 404 };

export interface IntentQuery {
  mode: string | undefined;
  topic: string | undefined;
  challenge: string | undefined;
  leaseSeconds: string | undefined;
  reason: string | undefined;
}

const NOT_OURS: Verdict = { status: 404 };

export async function verifyIntent(
  db: Kysely<Database>,
  sub: Subscription | undefined,
  query: IntentQuery,
  now: Date,
): Promise<Verdict> {
  if (!sub || query.topic !== sub.topic_url) return NOT_OURS;
  if (query.mode === 'denied') {
    await fallBack(db, sub, 'denied', `the hub denied the subscription${reason(query.reason)}`, now);
    return { status: 200, body: '' };
  }
  const challenge = query.challenge;
  if (!challenge || challenge.length > 1024) return NOT_OURS;
  if (query.mode === 'subscribe') {
    const lease = Number(query.leaseSeconds);
    if (!Number.isInteger(lease) || lease <= 0) return NOT_OURS;
    if (!(await activate(db, sub, new Date(now.getTime() + lease * 1000)))) return NOT_OURS;
    return { status: 200, body: challenge };
  }
  if (query.mode === 'unsubscribe' && sub.state === 'unsubscribing') {
    await forget(db, sub.source_id);
    return { status: 200, body: challenge };
  }
  return NOT_OURS;
}

function reason(text: string | undefined): string {
  const said = text?.replace(/\s+/g, ' ').trim().slice(0, 200);
  return said ? `: ${said}` : '';
}
