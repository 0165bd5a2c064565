// Uploaded images: kept under the media folder (config.mediaDir) by month, named by a hash of
// their bytes, with WebP copies at a few widths for srcset. Metadata (EXIF, GPS positions) is
// stripped from what is served: a photographer's location does not leak through a blog.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import sharp, { type Metadata } from 'sharp';
import type { Database, MediaTable } from '../storage/schema.ts';

export type Media = Selectable<MediaTable>;

export const VARIANT_WIDTHS = [480, 800, 1200];
const FORMATS: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', avif: 'avif' };
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export class MediaError extends Error {}

export interface ImageVariant {
  width: number;
  url: string;
}

export async function storeUploadedImage(
  db: Kysely<Database>,
  mediaDir: string,
  bytes: Uint8Array,
  meta: {
    originalName?: string | null;
    alt?: string | null;
    caption?: string | null;
    credit?: string | null;
  },
  now = new Date(),
): Promise<Media> {
  if (bytes.length === 0) throw new MediaError('The image file is empty.');
  if (bytes.length > MAX_UPLOAD_BYTES) throw new MediaError('Images may be 20 MB at most.');
  let info: Metadata;
  try {
    info = await sharp(bytes).metadata();
  } catch {
    throw new MediaError('That file is not an image Gloss can read (JPEG, PNG, WebP, GIF or AVIF).');
  }
  const ext = info.format ? FORMATS[info.format] : undefined;
  if (!ext || !info.width || !info.height) {
    throw new MediaError('That file is not an image Gloss can read (JPEG, PNG, WebP, GIF or AVIF).');
  }
  const folder = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const name = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const rel = `${folder}/${name}.${ext}`;
  const known = await db.selectFrom('media').selectAll().where('path', '=', rel).executeTakeFirst();
  if (known) return known;

  fs.mkdirSync(path.join(mediaDir, folder), { recursive: true });
  const animated = (info.pages ?? 1) > 1;
  // Upright, without metadata; animations are kept as they came.
  const upright = animated
    ? null
    : await sharp(bytes)
        .rotate()
        .toFormat(info.format!, { quality: 90 })
        .toBuffer({ resolveWithObject: true });
  fs.writeFileSync(path.join(mediaDir, rel), upright ? upright.data : bytes);
  const width = upright?.info.width ?? info.width;
  const height = upright?.info.height ?? info.height;

  const variants: { width: number; path: string }[] = [];
  if (!animated) {
    for (const w of VARIANT_WIDTHS) {
      if (w >= width) continue;
      const vrel = `${folder}/${name}-${w}.webp`;
      await sharp(bytes)
        .rotate()
        .resize({ width: w })
        .webp({ quality: 80 })
        .toFile(path.join(mediaDir, vrel));
      variants.push({ width: w, path: vrel });
    }
  }
  return db
    .insertInto('media')
    .values({
      path: rel,
      original_name: meta.originalName?.slice(0, 200) || null,
      mime: `image/${info.format}`,
      width,
      height,
      variants: JSON.stringify(variants),
      alt: meta.alt || null,
      caption: meta.caption || null,
      credit: meta.credit || null,
      source_url: null,
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The stored image at a path under the media folder, if any. */
export function findMediaByPath(db: Kysely<Database>, relPath: string): Promise<Media | undefined> {
  return db.selectFrom('media').selectAll().where('path', '=', relPath).executeTakeFirst();
}

export function mediaUrl(relPath: string): string {
  return `/media/${relPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The srcset candidates of a post's lead image, when it is one of ours; [] otherwise. */
export async function leadImageVariants(
  db: Kysely<Database>,
  post: { image_media_id: number | null; image_src: string | null },
): Promise<ImageVariant[]> {
  let media: Pick<Media, 'path' | 'width' | 'variants'> | undefined;
  if (post.image_media_id !== null) {
    media = await db
      .selectFrom('media')
      .select(['path', 'width', 'variants'])
      .where('id', '=', post.image_media_id)
      .executeTakeFirst();
  } else if (post.image_src?.startsWith('/media/')) {
    media = await db
      .selectFrom('media')
      .select(['path', 'width', 'variants'])
      .where('path', '=', decodeURIComponent(post.image_src.slice('/media/'.length)))
      .executeTakeFirst();
  }
  if (!media) return [];
  const variants = (JSON.parse(media.variants) as { width: number; path: string }[]).map((v) => ({
    width: v.width,
    url: mediaUrl(v.path),
  }));
  if (variants.length === 0) return [];
  if (media.width) variants.push({ width: media.width, url: mediaUrl(media.path) });
  return variants.sort((a, b) => a.width - b.width);
}
