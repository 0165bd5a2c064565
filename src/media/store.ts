// Uploaded images: kept under the media folder (config.mediaDir) by month, named by a hash of
// their bytes, with WebP copies at a few widths for srcset. Metadata (EXIF, GPS positions) is
// stripped from what is served: a photographer's location does not leak through a blog.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import type { Metadata } from 'sharp';
import { onFirstUse } from '../lib/on-first-use.ts';
import type { Database, MediaTable } from '../storage/schema.ts';
import { ImageQueueFull, imageQueue } from './image-queue.ts';

const sharp = onFirstUse<typeof import('sharp').default>('sharp');

export type Media = Selectable<MediaTable>;

export const VARIANT_WIDTHS = [480, 800, 1200];
const FORMATS: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', avif: 'avif' };
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Pixels of one frame: 40 MP is a 7,700 × 5,200 photograph, more than any camera a blog meets. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Pixels of all frames of an animation together. */
export const MAX_ANIMATION_PIXELS = 200_000_000;

export class MediaError extends Error {}

export interface ImageVariant {
  width: number;
  url: string;
}

/** An image made safe to serve: upright, without metadata, with its resized WebP copies. */
export interface PreparedImage {
  format: string;
  ext: string;
  width: number;
  height: number;
  animated: boolean;
  data: Buffer;
  variants: { width: number; data: Buffer }[];
}

const UNREADABLE = 'That file is not an image Gloss can read (JPEG, PNG, WebP, GIF or AVIF).';

/**
 * Reads the header only (no pixels are decoded) and refuses what is too large to decode, then
 * decodes under sharp's own pixel limit as a second guard. Runs inside the image queue.
 */
export async function prepareImage(
  bytes: Uint8Array,
  widths: readonly number[] = VARIANT_WIDTHS,
): Promise<PreparedImage> {
  if (bytes.length === 0) throw new MediaError('The image file is empty.');
  if (bytes.length > MAX_UPLOAD_BYTES) throw new MediaError('Images may be 20 MB at most.');
  let info: Metadata;
  try {
    info = await sharp()(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new MediaError(UNREADABLE);
  }
  const ext = info.format ? FORMATS[info.format] : undefined;
  if (!ext || !info.width || !info.height) throw new MediaError(UNREADABLE);
  const pages = info.pages ?? 1;
  const frameHeight = info.pageHeight ?? info.height;
  const framePixels = info.width * frameHeight;
  if (framePixels > MAX_INPUT_PIXELS) {
    throw new MediaError(
      `The image is ${info.width} × ${frameHeight} pixels (${(framePixels / 1e6).toFixed(0)} megapixels); Gloss takes images of up to ${MAX_INPUT_PIXELS / 1e6} megapixels. Resize it and upload it again.`,
    );
  }
  if (framePixels * pages > MAX_ANIMATION_PIXELS) {
    throw new MediaError(
      `The animation has ${pages} frames of ${info.width} × ${frameHeight} pixels, too many to process; Gloss takes animations of up to ${MAX_ANIMATION_PIXELS / 1e6} megapixels in all.`,
    );
  }
  const animated = pages > 1;
  const format = info.format!;
  try {
    if (animated) {
      // Frames kept, metadata (EXIF, XMP, GPS) dropped: sharp writes none unless asked to.
      const out = await sharp()(bytes, { animated: true, limitInputPixels: MAX_ANIMATION_PIXELS })
        .toFormat(format as 'gif' | 'webp')
        .toBuffer({ resolveWithObject: true });
      return { format, ext, width: info.width, height: frameHeight, animated, data: out.data, variants: [] };
    }
    const options = format === 'png' || format === 'gif' ? {} : { quality: 90 };
    const upright = await sharp()(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .toFormat(format as 'jpeg', options)
      .toBuffer({ resolveWithObject: true });
    const variants: PreparedImage['variants'] = [];
    for (const w of widths) {
      if (w >= upright.info.width) continue;
      const data = await sharp()(upright.data, { limitInputPixels: MAX_INPUT_PIXELS })
        .resize({ width: w })
        .webp({ quality: 80 })
        .toBuffer();
      variants.push({ width: w, data });
    }
    return {
      format,
      ext,
      width: upright.info.width,
      height: upright.info.height,
      animated,
      data: upright.data,
      variants,
    };
  } catch (err) {
    if (err instanceof MediaError) throw err;
    throw new MediaError(`The image could not be read to the end: ${(err as Error).message}.`);
  }
}

/** Writes a prepared image under FOLDER/NAME.EXT with its variants; their relative paths. */
export function writePreparedImage(
  mediaDir: string,
  folder: string,
  name: string,
  image: PreparedImage,
): { path: string; variants: { width: number; path: string }[] } {
  fs.mkdirSync(path.join(mediaDir, folder), { recursive: true });
  const rel = `${folder}/${name}.${image.ext}`;
  fs.writeFileSync(path.join(mediaDir, rel), image.data);
  const variants = image.variants.map((v) => {
    const vrel = `${folder}/${name}-${v.width}.webp`;
    fs.writeFileSync(path.join(mediaDir, vrel), v.data);
    return { width: v.width, path: vrel };
  });
  return { path: rel, variants };
}

export function contentName(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
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
    sourceUrl?: string | null;
  },
  now = new Date(),
): Promise<Media> {
  const folder = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const name = contentName(bytes);
  const known = await db
    .selectFrom('media')
    .selectAll()
    .where('path', 'like', `${folder}/${name}.%`)
    .executeTakeFirst();
  if (known) return known;
  let image: PreparedImage;
  try {
    image = await imageQueue.run(() => prepareImage(bytes));
  } catch (err) {
    if (err instanceof ImageQueueFull) throw new MediaError(err.message);
    throw err;
  }
  const written = writePreparedImage(mediaDir, folder, name, image);
  return db
    .insertInto('media')
    .values({
      path: written.path,
      original_name: meta.originalName?.slice(0, 200) || null,
      mime: `image/${image.format}`,
      width: image.width,
      height: image.height,
      variants: JSON.stringify(written.variants),
      alt: meta.alt || null,
      caption: meta.caption || null,
      credit: meta.credit || null,
      source_url: meta.sourceUrl || null,
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

/** srcset for a stored image: its WebP variants and the original, narrowest first; '' without variants. */
export function srcsetOf(media: Pick<Media, 'path' | 'width' | 'variants'>): string {
  const variants = JSON.parse(media.variants) as { width: number; path: string }[];
  if (variants.length === 0) return '';
  const all = variants.map((v) => ({ width: v.width, url: mediaUrl(v.path) }));
  if (media.width) all.push({ width: media.width, url: mediaUrl(media.path) });
  return all
    .sort((a, b) => a.width - b.width)
    .map((v) => `${v.url} ${v.width}w`)
    .join(', ');
}

/** What the editor inserts for a stored image: <img> attributes with caption and credit. */
export function bodyImageOf(media: Media) {
  return {
    id: media.id,
    src: mediaUrl(media.path),
    srcset: srcsetOf(media) || null,
    width: media.width,
    height: media.height,
    alt: media.alt ?? '',
    caption: media.caption ?? '',
    credit: media.credit ?? '',
  };
}
