// Bounces and complaints reported after sending: a provider's webhook (JSON) or a bounce message
// (an RFC 3464 delivery status notification) posted as it arrived. A permanent failure or a
// complaint suppresses the address; a delay changes nothing (the sender's own retries cover it).
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { checkAddress } from './addresses.ts';
import { type SuppressionReason, suppressAddress } from './suppressions.ts';

export interface BounceReport {
  suppressed: number;
  ignored: number;
}

interface Event {
  email: string;
  reason: SuppressionReason | null;
  detail: string;
}

/** Reads the body: JSON ({email, type} or a list of them) or a DSN's text. */
export function bounceEvents(contentType: string, body: string): Event[] | { error: string } {
  if (/json/i.test(contentType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { error: 'The body is not valid JSON.' };
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const events: Event[] = [];
    for (const item of list) {
      const { email, type } = (item ?? {}) as { email?: unknown; type?: unknown };
      if (typeof email !== 'string' || typeof type !== 'string') {
        return { error: 'Each event needs "email" and "type" ("bounce", "complaint" or "soft-bounce").' };
      }
      const reason =
        type === 'bounce' || type === 'complaint' ? type : type === 'soft-bounce' ? null : undefined;
      if (reason === undefined) return { error: `Unknown event type "${type}".` };
      events.push({ email, reason, detail: `webhook: ${type}` });
    }
    return events;
  }
  // A DSN: one block of fields per recipient.
  const events: Event[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    const recipient = /^(?:Final|Original)-Recipient:\s*rfc822;\s*<?([^\s>]+)>?/im.exec(block)?.[1];
    if (!recipient) continue;
    const action = /^Action:\s*(\S+)/im.exec(block)?.[1]?.toLowerCase();
    const status = /^Status:\s*(\d\.\d{1,3}\.\d{1,3})/im.exec(block)?.[1] ?? '';
    const permanent = action === 'failed' && status.startsWith('5');
    events.push({
      email: recipient,
      reason: permanent ? 'bounce' : null,
      detail: `DSN: ${action ?? '?'} ${status}`,
    });
  }
  return events.length
    ? events
    : { error: 'No recipient found: expected JSON events or a delivery status notification.' };
}

export async function applyBounces(db: Kysely<Database>, events: Event[], now: Date): Promise<BounceReport> {
  const report: BounceReport = { suppressed: 0, ignored: 0 };
  for (const event of events) {
    const address = checkAddress(event.email);
    if (!address.ok || !event.reason) {
      report.ignored++;
      continue;
    }
    await suppressAddress(db, address.email, event.reason, event.detail, now);
    report.suppressed++;
  }
  return report;
}
