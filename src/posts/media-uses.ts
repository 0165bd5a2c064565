// Where a stored image is used: posts (trashed ones included, as they can be restored) showing it
// as their lead image or in their body. The media library shows this and refuses to delete an
// image that is in use.
import type { Kysely } from 'kysely';
import { type Media, mediaUrl } from '../media/store.ts';
import type { Database } from '../storage/schema.ts';

export interface MediaUse {
  id: number;
  title: string;
  path: string;
  status: string;
}

export async function postsUsingMedia(
  db: Kysely<Database>,
  media: Pick<Media, 'id' | 'path'>,
): Promise<MediaUse[]> {
  const url = mediaUrl(media.path);
  // Media paths are digits, hex, '/', '-' and '.': nothing LIKE reads as a wildcard.
  const like = `%${url}%`;
  const rows = await db
    .selectFrom('posts')
    .select(['id', 'title', 'path', 'status'])
    .where((eb) =>
      eb.or([eb('image_media_id', '=', media.id), eb('image_src', '=', url), eb('body_html', 'like', like)]),
    )
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return rows;
}
