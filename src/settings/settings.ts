// Blog-wide settings: one row per key in the settings table, JSON values, typed here with defaults.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CommentPolicy, Database } from '../storage/schema.ts';

export type SidebarWidget = 'search' | 'about' | 'follow' | 'archive' | 'labels' | 'sources' | 'feeds';

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
  /** The labels widget, as Blogger has it: all labels or the N most used (null: all)… */
  labelsLimit: number | null;
  /** …sorted by name or by how many posts carry them… */
  labelsSort: 'name' | 'count';
  /** …as a list with counts or as a cloud sized by use. */
  labelsStyle: 'list' | 'cloud';
  /** The sources widget: the N outlets clipped most (null: all), sorted by name or by count. */
  sourcesLimit: number | null;
  sourcesSort: 'name' | 'count';
  /** The pages linked in the header, in order, by post id; null: the first HEADER_PAGES_DEFAULT by title. */
  headerPages: number[] | null;
  // Comment rules (docs/comments.md).
  /** More links than this send a comment to the pending queue. */
  commentMaxLinks: number;
  /** Longest comment accepted, in characters. */
  commentMaxLength: number;
  /** Seconds a reader must have had the form before sending it; faster goes to spam. */
  commentMinSeconds: number;
  /** Words, phrases, addresses (e-mail, web, IP) that send a comment to spam. */
  commentBlocklist: string[];
  /** Comment POSTs one address may send per window (valid or not); the excess gets 429. */
  commentLimitPerAddress: number;
  /** Comments the whole blog accepts per window. */
  commentLimitGlobal: number;
  commentLimitWindowMinutes: number;
  /** Levels of replies shown nested; deeper replies show at the last level, naming whom they answer. */
  commentReplyDepth: number;
  /** E-mail the post's author about each new comment (through SMTP, else the outbox). */
  commentNotify: boolean;
  /**
   * The blog's public origin (https://blog.example), used for every absolute link: feeds, mails,
   * canonical links. Recorded at owner setup; GLOSS_BASE_URL overrides it. Never a request's Host.
   */
  publicAddress: string | null;
  /** A reverse proxy in front sets X-Forwarded-For; without one the header is ignored. */
  behindProxy: boolean;
}

export const DEFAULT_SETTINGS: BlogSettings = {
  title: 'Gloss',
  description: '',
  timeZone: 'UTC',
  language: 'en',
  postsPerPage: 7,
  commentPolicy: 'open',
  commentCloseDays: null,
  sidebar: ['search', 'about', 'follow', 'archive', 'labels', 'sources', 'feeds'],
  labelsLimit: null,
  labelsSort: 'name',
  labelsStyle: 'list',
  sourcesLimit: 10,
  sourcesSort: 'count',
  headerPages: null,
  commentMaxLinks: 3,
  commentMaxLength: 4000,
  commentMinSeconds: 3,
  commentBlocklist: [],
  commentLimitPerAddress: 10,
  commentLimitGlobal: 300,
  commentLimitWindowMinutes: 10,
  commentReplyDepth: 5,
  commentNotify: true,
  behindProxy: false,
  publicAddress: null,
};

/** Header links when the editor has not chosen: a few, so a phone shows the first post at once. */
export const HEADER_PAGES_DEFAULT = 4;

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

/** Where the values that an import or the first start wrote are kept, as they wrote them. */
const AUTOMATIC_KEY = 'settings_written_automatically';

/** Remembers settings written for the editor (by an import, the sample blog), not by them. */
export async function recordAutomaticSettings(
  db: Kysely<Database>,
  values: Partial<BlogSettings>,
): Promise<void> {
  const before = (await getSetting<Partial<BlogSettings>>(db, AUTOMATIC_KEY)) ?? {};
  await putSetting(db, AUTOMATIC_KEY, { ...before, ...values });
}

/**
 * The settings the editor has changed: stored with a value that is neither the default nor what
 * an import or the first start last wrote there. An import keeps these unless told to replace them.
 */
export async function editedSettings(db: Kysely<Database>): Promise<Set<keyof BlogSettings>> {
  const automatic = (await getSetting<Partial<BlogSettings>>(db, AUTOMATIC_KEY)) ?? {};
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'like', 'blog.%')
    .execute();
  const edited = new Set<keyof BlogSettings>();
  for (const row of rows) {
    const key = row.key.slice(5) as keyof BlogSettings;
    const baseline = key in automatic ? automatic[key] : DEFAULT_SETTINGS[key];
    if (JSON.stringify(JSON.parse(row.value)) !== JSON.stringify(baseline)) edited.add(key);
  }
  return edited;
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
