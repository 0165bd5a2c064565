// What a Gloss JSON export holds, section by section, in the order a restore writes it (a row only
// refers to rows of earlier sections, except comments to comments, handled by restore).
// Documented in docs/migration.md ("The JSON export format").
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

export const EXPORT_FORMAT = 'gloss-export';
export const EXPORT_VERSION = 1;

export interface Section {
  /** The key in the JSON file. */
  key: string;
  table: string;
  /** A unique column to page through the table by. */
  order: string;
}

export const SECTIONS: Section[] = [
  { key: 'users', table: 'users', order: 'id' },
  { key: 'media', table: 'media', order: 'id' },
  { key: 'labels', table: 'labels', order: 'id' },
  { key: 'posts', table: 'posts', order: 'id' },
  { key: 'comments', table: 'comments', order: 'id' },
  { key: 'redirects', table: 'redirects', order: 'from_path' },
  { key: 'snapshots', table: 'clip_snapshots', order: 'id' },
  { key: 'moderation', table: 'moderation_log', order: 'id' },
];

/** Settings that belong to one installation (signing secrets, one-time tokens), never exported. */
export function isPrivateSetting(key: string): boolean {
  return /secret|token|password|session/i.test(key);
}

/** Keys a post record carries besides its columns: label names, and its notes (informational). */
export const POST_EXTRA_KEYS = ['labels', 'notes'];

/** Kysely over tables named at run time (the sections above): rows are plain records. */
export type AnyDb = Record<string, Record<string, unknown>>;

export function anyDb(db: Kysely<Database>): Kysely<AnyDb> {
  return db as unknown as Kysely<AnyDb>;
}
