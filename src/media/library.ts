// The media library: every stored image, newest first, searched by caption, credit, alt text or
// file name; and deleting one (its original and variants) once nothing uses it.
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import type { Media } from './store.ts';

export const LIBRARY_PAGE = 48;

export async function listMedia(
  db: Kysely<Database>,
  options: { q?: string; page?: number } = {},
): Promise<{ items: Media[]; total: number }> {
  const q = options.q?.trim().toLowerCase() ?? '';
  const page = Math.max(1, options.page ?? 1);
  let query = db.selectFrom('media');
  if (q) {
    // % and _ in a search act as LIKE's wildcards: harmless, and the same on both databases.
    const like = `%${q}%`;
    query = query.where((eb) =>
      eb.or(
        (['caption', 'credit', 'alt', 'original_name'] as const).map((col) =>
          eb(eb.fn('lower', [eb.fn.coalesce(col, eb.val(''))]), 'like', eb.val(like)),
        ),
      ),
    );
  }
  const [items, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('id', 'desc')
      .limit(LIBRARY_PAGE)
      .offset((page - 1) * LIBRARY_PAGE)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function findMedia(db: Kysely<Database>, id: number): Promise<Media | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Removes the record and its files. The caller checks first that no post uses it. */
export async function deleteMedia(db: Kysely<Database>, mediaDir: string, media: Media): Promise<void> {
  await db.deleteFrom('media').where('id', '=', media.id).execute();
  const files = [media.path, ...(JSON.parse(media.variants) as { path: string }[]).map((v) => v.path)];
  for (const rel of files) fs.rmSync(path.join(mediaDir, rel), { force: true });
}
