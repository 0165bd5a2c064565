// Outlets in the database: add, list, read, and record what a fetch saw (its health).
import type { Kysely, Selectable } from 'kysely';
import type { Database, SourcesTable } from '../storage/schema.ts';
import type { HubLinks } from './hub-links.ts';

export type Source = Selectable<SourcesTable>;

export interface NewSource {
  name: string;
  feedUrl: string;
  siteUrl: string | null;
}

/** Stores an outlet (due at once); an already known feed address returns the existing row. */
export async function insertSource(
  db: Kysely<Database>,
  source: NewSource,
  now: Date,
): Promise<{ source: Source; created: boolean }> {
  const inserted = await db
    .insertInto('sources')
    .values({
      name: source.name.trim() || hostOf(source.feedUrl),
      feed_url: source.feedUrl,
      site_url: source.siteUrl,
      host: hostOf(source.feedUrl),
      etag: null,
      last_modified: null,
      interval_seconds: 60 * 60,
      next_fetch_at: now.toISOString(),
      last_fetch_at: null,
      last_status: null,
      last_error: null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('feed_url').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { source: inserted, created: true };
  const existing = await db
    .selectFrom('sources')
    .selectAll()
    .where('feed_url', '=', source.feedUrl)
    .executeTakeFirstOrThrow();
  return { source: existing, created: false };
}

export function listSources(db: Kysely<Database>): Promise<Source[]> {
  return db.selectFrom('sources').selectAll().orderBy('name').orderBy('id').execute();
}

export function getSource(db: Kysely<Database>, id: number): Promise<Source | undefined> {
  return db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteSource(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('sources').where('id', '=', id).execute();
}

/** Feeds whose next fetch is due, the longest waiting first. */
export function dueSources(db: Kysely<Database>, now: Date, limit: number): Promise<Source[]> {
  return db
    .selectFrom('sources')
    .selectAll()
    .where('next_fetch_at', '<=', now.toISOString())
    .orderBy('next_fetch_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export type FetchOutcome =
  | {
      status: 'ok';
      etag: string | null;
      lastModified: string | null;
      intervalSeconds: number;
      newEntries: number;
      /** The WebSub hub and topic the feed named this time (both null when it named none). */
      hubLinks?: HubLinks;
    }
  | { status: 'not-modified'; intervalSeconds: number }
  | { status: 'error'; error: string; delaySeconds: number };

/** Records a fetch: health, validators (only from a 200) and the next fetch time. */
export async function recordFetch(
  db: Kysely<Database>,
  source: Source,
  outcome: FetchOutcome,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const after = (s: number) => new Date(now.getTime() + s * 1000).toISOString();
  if (outcome.status === 'error') {
    await db
      .updateTable('sources')
      .set({
        last_fetch_at: at,
        last_status: 'error',
        last_error: outcome.error,
        error_count: source.error_count + 1,
        next_fetch_at: after(outcome.delaySeconds),
      })
      .where('id', '=', source.id)
      .execute();
    return;
  }
  await db
    .updateTable('sources')
    .set({
      last_fetch_at: at,
      last_status: outcome.status,
      last_error: null,
      error_count: 0,
      interval_seconds: outcome.intervalSeconds,
      next_fetch_at: after(outcome.intervalSeconds),
      ...(outcome.status === 'ok'
        ? {
            etag: outcome.etag,
            last_modified: outcome.lastModified,
            entries_seen: source.entries_seen + outcome.newEntries,
            ...(outcome.hubLinks ? { hub_url: outcome.hubLinks.hub, topic_url: outcome.hubLinks.topic } : {}),
          }
        : {}),
    })
    .where('id', '=', source.id)
    .execute();
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
