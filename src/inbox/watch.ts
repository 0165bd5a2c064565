// Watch rules: a word or phrase (optionally for one outlet) that flags a new inbox item and may
// mail the editor through the outbox. Matching runs on search's words, so "Phnom Penh" matches
// "phnom-penh's", and Khmer phrases match inside unspaced text through search's grams.
import type { Kysely, Selectable, Transaction } from 'kysely';
import { gramsOf, wordsOf } from '../search/segment.ts';
import type { Database, WatchRulesTable } from '../storage/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type WatchRule = Selectable<WatchRulesTable>;

export class WatchRuleError extends Error {}

export async function addWatchRule(
  db: Kysely<Database>,
  input: { phrase: string; sourceId?: number | null; notifyEmail?: string | null },
  now: Date,
): Promise<WatchRule> {
  const phrase = input.phrase.trim();
  if (!wordsOf(phrase)) throw new WatchRuleError('a watch rule needs at least one word');
  if (phrase.length > 200) throw new WatchRuleError('a watch rule is at most 200 characters');
  const email = input.notifyEmail?.trim() || null;
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new WatchRuleError(`"${email}" is not an e-mail address`);
  }
  return db
    .insertInto('watch_rules')
    .values({ phrase, source_id: input.sourceId ?? null, notify_email: email, created_at: now.toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listWatchRules(db: Db): Promise<WatchRule[]> {
  return db.selectFrom('watch_rules').selectAll().orderBy('id').execute();
}

export async function deleteWatchRule(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('watch_rules').where('id', '=', id).execute();
}

/** The rules a text matches (its source considered). */
export function matchingRules(rules: readonly WatchRule[], sourceId: number, text: string): WatchRule[] {
  const words = ` ${wordsOf(text)} `;
  let grams: string | undefined;
  return rules.filter((rule) => {
    if (rule.source_id !== null && rule.source_id !== sourceId) return false;
    const phraseGrams = gramsOf(rule.phrase);
    if (phraseGrams) {
      grams ??= gramsOf(text).replace(/\n/g, '');
      return grams.includes(phraseGrams.replace(/\n/g, ''));
    }
    return words.includes(` ${wordsOf(rule.phrase)} `);
  });
}

/** Queues one mail per notifying rule an item matched. */
export async function queueWatchMail(
  db: Db,
  rules: readonly WatchRule[],
  item: { title: string; url: string; outlet: string },
  now: Date,
): Promise<void> {
  for (const rule of rules) {
    if (!rule.notify_email) continue;
    await db
      .insertInto('outbox')
      .values({
        to_address: rule.notify_email,
        subject: `[watch: ${rule.phrase}] ${item.title}`.slice(0, 200),
        body: `${item.outlet} published an article matching your watch rule "${rule.phrase}":\n\n${item.title}\n${item.url}\n\nOpen the inbox to clip it.\n`,
        created_at: now.toISOString(),
        sent_at: null,
        error: null,
      })
      .execute();
  }
}
