// Inbox items: storing what a fetch found, once per story, and the editor's states.
import type { Kysely, Selectable } from 'kysely';
import type { FeedEntry } from '../sources/parse.ts';
import type { Source } from '../sources/store.ts';
import type { Database, InboxItemsTable, InboxState } from '../storage/schema.ts';
import { distance, simhash } from './simhash.ts';
import { urlKey } from './url-key.ts';
import { matchingRules, queueWatchMail, type WatchRule } from './watch.ts';

export type InboxItem = Selectable<InboxItemsTable>;

/** Near-duplicates are looked for among the last week's stories. */
const NEAR_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface AddResult {
  added: number;
  /** Stories already in the inbox (same address, or near-identical text). */
  merged: number;
  /** Entries without an address to open. */
  skipped: number;
}

/** Stores a fetch's entries; a story already there (from any outlet) is merged, not repeated. */
export async function addEntries(
  db: Kysely<Database>,
  source: Pick<Source, 'id' | 'name'>,
  entries: readonly FeedEntry[],
  rules: readonly WatchRule[],
  now: Date,
): Promise<AddResult> {
  const result: AddResult = { added: 0, merged: 0, skipped: 0 };
  for (const entry of entries) {
    const url = entry.url ?? (entry.guid && /^https?:\/\//.test(entry.guid) ? entry.guid : null);
    if (!url) {
      result.skipped++;
      continue;
    }
    const key = urlKey(url);
    const text = `${entry.title} ${entry.summary}`;
    const print = simhash(text);
    const earlier =
      (await db
        .selectFrom('inbox_items')
        .select(['id', 'source_id', 'also_from'])
        .where('url_key', '=', key)
        .executeTakeFirst()) ?? (print ? await nearDuplicate(db, print.hex, print.bands, now) : undefined);
    if (earlier) {
      await noteAlsoFrom(db, earlier, source.id, url);
      result.merged++;
      continue;
    }
    const hits = matchingRules(rules, source.id, text);
    const bands = print?.bands ?? [-1, -1, -1, -1];
    const inserted = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('inbox_items')
        .values({
          source_id: source.id,
          url,
          url_key: key,
          guid: entry.guid,
          title: entry.title || url,
          summary: entry.summary,
          image_url: entry.imageUrl,
          authors: JSON.stringify(entry.authors),
          published_at:
            entry.publishedAt && entry.publishedAt <= now.toISOString()
              ? entry.publishedAt
              : now.toISOString(),
          found_at: now.toISOString(),
          simhash: print?.hex ?? '',
          band0: bands[0],
          band1: bands[1],
          band2: bands[2],
          band3: bands[3],
          state: 'new',
          post_id: null,
          also_from: '[]',
          watch_hits: JSON.stringify(hits.map((r) => r.id)),
        })
        // Another process stored the same story a moment ago: the unique key keeps one row.
        .onConflict((oc) => oc.column('url_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) await queueWatchMail(trx, hits, { title: entry.title || url, url, outlet: source.name }, now);
      return row;
    });
    if (inserted) {
      result.added++;
      continue;
    }
    result.merged++;
    const winner = await db
      .selectFrom('inbox_items')
      .select(['id', 'source_id', 'also_from'])
      .where('url_key', '=', key)
      .executeTakeFirst();
    if (winner) await noteAlsoFrom(db, winner, source.id, url);
  }
  return result;
}

async function nearDuplicate(
  db: Kysely<Database>,
  hex: string,
  bands: readonly number[],
  now: Date,
): Promise<{ id: number; source_id: number; also_from: string } | undefined> {
  const since = new Date(now.getTime() - NEAR_WINDOW_MS).toISOString();
  const candidates = await db
    .selectFrom('inbox_items')
    .select(['id', 'source_id', 'also_from', 'simhash'])
    .where((eb) =>
      eb.or([
        eb('band0', '=', bands[0]!),
        eb('band1', '=', bands[1]!),
        eb('band2', '=', bands[2]!),
        eb('band3', '=', bands[3]!),
      ]),
    )
    .where('found_at', '>=', since)
    .where('simhash', '!=', '')
    .limit(200)
    .execute();
  return candidates.find((c) => distance(c.simhash, hex) <= 3);
}

async function noteAlsoFrom(
  db: Kysely<Database>,
  earlier: { id: number; source_id: number; also_from: string },
  sourceId: number,
  url: string,
): Promise<void> {
  const also = JSON.parse(earlier.also_from) as { sourceId: number; url: string }[];
  if (earlier.source_id === sourceId || also.some((a) => a.sourceId === sourceId)) return;
  also.push({ sourceId, url });
  await db
    .updateTable('inbox_items')
    .set({ also_from: JSON.stringify(also) })
    .where('id', '=', earlier.id)
    .execute();
}

export interface InboxFilter {
  sourceId?: number | null;
  ruleId?: number | null;
  /** 'open' is new and read; the rest are one state each. */
  view?: 'open' | InboxState;
  limit?: number;
  offset?: number;
}

export type InboxRow = InboxItem & { source_name: string; post_path: string | null };

/** Newest first. */
export function listInbox(db: Kysely<Database>, filter: InboxFilter = {}): Promise<InboxRow[]> {
  let q = db
    .selectFrom('inbox_items')
    .innerJoin('sources', 'sources.id', 'inbox_items.source_id')
    .leftJoin('posts', 'posts.id', 'inbox_items.post_id')
    .selectAll('inbox_items')
    .select(['sources.name as source_name', 'posts.path as post_path']);
  const view = filter.view ?? 'open';
  q =
    view === 'open'
      ? q.where('inbox_items.state', 'in', ['new', 'read'])
      : q.where('inbox_items.state', '=', view);
  if (filter.sourceId) q = q.where('inbox_items.source_id', '=', filter.sourceId);
  // watch_hits is a JSON list of ids: "[3]", "[1,3]"; matched as text on both databases.
  if (filter.ruleId) {
    const id = String(filter.ruleId);
    q = q.where((eb) =>
      eb.or([
        eb('inbox_items.watch_hits', 'like', `%[${id}]%`),
        eb('inbox_items.watch_hits', 'like', `%[${id},%`),
        eb('inbox_items.watch_hits', 'like', `%,${id},%`),
        eb('inbox_items.watch_hits', 'like', `%,${id}]%`),
      ]),
    );
  }
  return q
    .orderBy('inbox_items.published_at', 'desc')
    .orderBy('inbox_items.id', 'desc')
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0)
    .execute() as Promise<InboxRow[]>;
}

export function getInboxItem(db: Kysely<Database>, id: number): Promise<InboxItem | undefined> {
  return db.selectFrom('inbox_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sets an item's state; a clipped item keeps its state (it has a post). */
export async function setInboxState(
  db: Kysely<Database>,
  id: number,
  state: 'read' | 'later' | 'dismissed' | 'new',
): Promise<boolean> {
  const res = await db
    .updateTable('inbox_items')
    .set({ state })
    .where('id', '=', id)
    .where('state', '!=', 'clipped')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function markClipped(db: Kysely<Database>, id: number, postId: number): Promise<void> {
  await db
    .updateTable('inbox_items')
    .set({ state: 'clipped', post_id: postId })
    .where('id', '=', id)
    .execute();
}
