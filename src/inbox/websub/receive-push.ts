// Content distribution (WebSub 7–8): the hub POSTs the feed's new content to the callback, signed
// with the subscription's secret in X-Hub-Signature (sha1/256/384/512 HMAC of the raw body). A
// push is read by the poller's feed parser and stored by the same addEntries (dedupe, watch
// rules); one without a valid signature is acknowledged and ignored, as the recommendation says.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { decodeXml } from '../../clippings/fetch.ts';
import { FeedParseError, parseFeedText } from '../../sources/parse.ts';
import type { Database } from '../../storage/schema.ts';
import { type AddResult, addEntries } from '../store.ts';
import { listWatchRules } from '../watch.ts';
import type { Subscription } from './store.ts';

/** The largest push read; a larger one is refused (413) from its Content-Length or as it streams. */
export const MAX_PUSH_BYTES = 2 * 1024 * 1024;

export type PushOutcome =
  | { kind: 'stored'; result: AddResult }
  | { kind: 'ignored'; reason: 'not subscribed' | 'bad signature' | 'not a feed' };

export async function receivePush(
  db: Kysely<Database>,
  sub: Subscription,
  push: { body: Buffer; signature: string | undefined; contentType: string | undefined },
  now: Date,
): Promise<PushOutcome> {
  if (sub.state !== 'active') return { kind: 'ignored', reason: 'not subscribed' };
  if (!signatureMatches(sub.secret, push.signature, push.body))
    return { kind: 'ignored', reason: 'bad signature' };
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(push.contentType ?? '')?.[1];
  let entries: ReturnType<typeof parseFeedText>['entries'];
  try {
    entries = parseFeedText(decodeXml(push.body, charset).text, sub.topic_url).entries;
  } catch (err) {
    if (err instanceof FeedParseError) return { kind: 'ignored', reason: 'not a feed' };
    throw err;
  }
  const source = await db
    .selectFrom('sources')
    .select(['id', 'name', 'entries_seen'])
    .where('id', '=', sub.source_id)
    .executeTakeFirst();
  if (!source) return { kind: 'ignored', reason: 'not subscribed' };
  const result = await addEntries(db, source, entries, await listWatchRules(db), now);
  if (result.added > 0) {
    await db
      .updateTable('sources')
      .set((eb) => ({ entries_seen: eb('entries_seen', '+', result.added) }))
      .where('id', '=', source.id)
      .execute();
  }
  return { kind: 'stored', result };
}

const ALGORITHMS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

/** X-Hub-Signature: `method=hex`, compared in constant time. */
export function signatureMatches(secret: string, header: string | undefined, body: Buffer): boolean {
  const m = /^\s*(sha1|sha256|sha384|sha512)=([0-9a-f]+)\s*$/i.exec(header ?? '');
  if (!m || !ALGORITHMS.has(m[1]!.toLowerCase())) return false;
  const expected = createHmac(m[1]!.toLowerCase(), secret).update(body).digest();
  const given = Buffer.from(m[2]!.length % 2 === 0 ? m[2]! : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
