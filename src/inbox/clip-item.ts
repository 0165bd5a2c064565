// One click from the inbox to a draft: the article goes through the clip pipeline (snapshot,
// source block, lead image with caption and credit) and the item remembers the post. An article
// clipped before links the item to that post instead of clipping it twice.
import type { Kysely } from 'kysely';
import { type ClipOptions, type ClipResult, clipUrl } from '../clippings/clip.ts';
import { parseAuthors } from '../lib/authors.ts';
import { canonicalSource } from '../sources/merge.ts';
import type { Database } from '../storage/schema.ts';
import { getInboxItem, markClipped } from './store.ts';

export type ClipItemResult =
  | { kind: 'missing' }
  | { kind: 'already'; postId: number }
  | { kind: 'clipped'; postId: number; path: string }
  | { kind: 'duplicate'; postId: number; path: string };

export async function clipInboxItem(
  db: Kysely<Database>,
  itemId: number,
  options: ClipOptions,
): Promise<ClipItemResult> {
  const item = await getInboxItem(db, itemId);
  if (!item) return { kind: 'missing' };
  if (item.post_id !== null) return { kind: 'already', postId: item.post_id };
  const result: ClipResult = await clipUrl(db, item.url, options);
  if (result.kind === 'duplicate') {
    await markClipped(db, item.id, result.earlier.postId);
    return { kind: 'duplicate', postId: result.earlier.postId, path: result.earlier.path };
  }
  const { post } = result;
  // The page may not name its outlet; the feed it came from does. Names merged away in the admin
  // become the names they were merged into.
  const outlet =
    post.source_outlet ??
    (await db.selectFrom('sources').select('name').where('id', '=', item.source_id).executeTakeFirst())?.name;
  if (outlet) {
    const authors = parseAuthors(post.source_authors);
    const kept = await canonicalSource(db, outlet, authors);
    if (kept.outlet !== post.source_outlet || kept.authors.join('\n') !== authors.join('\n'))
      await db
        .updateTable('posts')
        .set({ source_outlet: kept.outlet, source_authors: JSON.stringify(kept.authors) })
        .where('id', '=', post.id)
        .execute();
  }
  await markClipped(db, item.id, post.id);
  return { kind: 'clipped', postId: post.id, path: post.path };
}
