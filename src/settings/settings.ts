// Blog-wide settings: one row per key in the settings table, JSON values, typed here with defaults.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CommentPolicy, Database } from '../storage/schema.ts';

export type SidebarWidget = 'search' | 'about' | 'archive' | 'labels' | 'feeds';

export interface BlogSettings {
  title: string;
  description: string;
  timeZone: string;
  language: string;
  postsPerPage: number;
  commentPolicy: CommentPolicy;
  /** Comments close this many days after a post is published; null never closes them. */
  commentCloseDays: number | null;
  sidebar: SidebarWidget[];
}

export const DEFAULT_SETTINGS: BlogSettings = {
  title: 'Gloss',
  description: '',
  timeZone: 'UTC',
  language: 'en',
  postsPerPage: 7,
  commentPolicy: 'open',
  commentCloseDays: null,
  sidebar: ['search', 'about', 'archive', 'labels', 'feeds'],
};

export async function readSettings(db: Kysely<Database>): Promise<BlogSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    if (row.key.startsWith('blog.')) stored[row.key.slice(5)] = JSON.parse(row.value);
  }
  return { ...DEFAULT_SETTINGS, ...(stored as Partial<BlogSettings>) };
}

export async function writeSettings(db: Kysely<Database>, changes: Partial<BlogSettings>): Promise<void> {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    await putSetting(db, `blog.${key}`, value);
  }
}

export async function getSetting<T>(db: Kysely<Database>, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export async function putSetting(db: Kysely<Database>, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
    .execute();
}

/** The server's signing secret (form tokens, setup links), made once and kept in the database. */
export async function serverSecret(db: Kysely<Database>): Promise<string> {
  const existing = await getSetting<string>(db, 'secret');
  if (existing) return existing;
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('settings')
    .values({ key: 'secret', value: JSON.stringify(secret) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting<string>(db, 'secret'))!;
}
