// Old addresses that answer with a redirect: a published post whose path changed, and the paths
// of an imported blog that Gloss cannot keep (written by the importers).
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

export interface Redirect {
  to_path: string;
  status: number;
}

/** The redirect stored for the first of these paths that has one. */
export async function findRedirect(db: Kysely<Database>, paths: string[]): Promise<Redirect | undefined> {
  const rows = await db
    .selectFrom('redirects')
    .select(['from_path', 'to_path', 'status'])
    .where('from_path', 'in', paths)
    .execute();
  for (const path of paths) {
    const row = rows.find((r) => r.from_path === path);
    if (row) return { to_path: row.to_path, status: row.status };
  }
  return undefined;
}

/** A published post moved: its old path now redirects, and its new path no longer does. */
export async function redirectMovedPost(db: Kysely<Database>, from: string, to: string): Promise<void> {
  await db.deleteFrom('redirects').where('from_path', 'in', [from, to]).execute();
  await db.insertInto('redirects').values({ from_path: from, to_path: to, status: 301 }).execute();
}
