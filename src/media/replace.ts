// Replacing a library image: the record stays (its id, alt text, caption, credit, and the posts
// that show it) and every post, lead image and unsaved autosave moves to the new picture. The new
// file goes through the same checks as an upload. Its files get new names: /media/ files are
// named by their content and kept by browsers for a year, so a picture under an old name would
// never refresh. Post bodies are rewritten in the same transaction as the record (src, srcset,
// width and height, so the page keeps no layout shift), which also drops the page cache's copies
// of those posts; the old files go once that has committed.
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { BODY_IMAGE_SIZES } from '../web/theme/image-sizes.ts';
import { ImageQueueFull, imageQueue } from './image-queue.ts';
import {
  contentName,
  type Media,
  MediaError,
  mediaUrl,
  type PreparedImage,
  prepareImage,
  srcsetOf,
  writePreparedImage,
} from './store.ts';

type Files = Pick<Media, 'path' | 'width' | 'height' | 'variants'>;

export interface PostShowingMedia {
  id: number;
  title: string;
  author_id: number | null;
}

export type ReplaceResult =
  | { ok: true; media: Media; posts: number }
  | { ok: false; status: 400 | 403; error: string };

function variantsOf(files: Files): { width: number; path: string }[] {
  return JSON.parse(files.variants) as { width: number; path: string }[];
}

/** Every file of an image, original first. */
export function mediaFiles(files: Files): string[] {
  return [files.path, ...variantsOf(files).map((v) => v.path)];
}

/** "/media/2026/12/0123abcd": what the original's and every variant's address starts with. */
function stemUrl(files: Files): string {
  return mediaUrl(files.path.replace(/\.[a-z0-9]+$/i, ''));
}

const ORIGIN = /^(?:https?:)?\/\/[^/]+/i;
const ATTR = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');

function getAttr(tag: string, name: string): string | null {
  const m = ATTR(name).exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : null;
}

function setAttr(tag: string, name: string, value: string | null): string {
  const quoted =
    value === null ? '' : ` ${name}="${value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`;
  if (ATTR(name).test(tag)) return tag.replace(ATTR(name), () => quoted);
  if (value === null) return tag;
  return tag.replace(/\s*(\/?>)$/, (end) => `${quoted}${end.trim() === '/>' ? ' />' : '>'}`);
}

/**
 * Points every reference to one image's files at another's: <img> tags showing it get the new
 * src, srcset (with sizes) and width/height (a size the editor chose keeps its width and takes
 * the new shape); any other mention (a link to the original, Markdown's ![](…)) gets the new
 * address of the same width, or the original's.
 */
export function rewriteMediaRefs(html: string, from: Files, to: Files): string {
  const toSrc = mediaUrl(to.path);
  const toSrcset = srcsetOf(to);
  const toByWidth = new Map(variantsOf(to).map((v) => [v.width, mediaUrl(v.path)]));
  const old = new Map<string, string>([[mediaUrl(from.path), toSrc]]);
  for (const v of variantsOf(from)) old.set(mediaUrl(v.path), toByWidth.get(v.width) ?? toSrc);

  const tags = html.replace(/<img\b[^>]*>/gi, (tag) => {
    const src = getAttr(tag, 'src');
    if (src === null || !old.has(src.replace(ORIGIN, ''))) return tag;
    const origin = ORIGIN.exec(src)?.[0] ?? '';
    let out = setAttr(tag, 'src', origin + toSrc);
    out = setAttr(out, 'srcset', toSrcset || null);
    out = setAttr(out, 'sizes', toSrcset ? (getAttr(tag, 'sizes') ?? BODY_IMAGE_SIZES) : null);
    const w = Number(getAttr(tag, 'width')) || 0;
    const h = Number(getAttr(tag, 'height')) || 0;
    if (to.width && to.height && w > 0) {
      const width = w === from.width ? to.width : w;
      out = setAttr(out, 'width', String(width));
      out = setAttr(out, 'height', String(Math.round((width * to.height) / to.width)));
    } else if (to.height && h > 0) {
      out = setAttr(out, 'height', String(h === from.height ? to.height : h));
    }
    return out;
  });
  // Longest first: no old address is a prefix of another (they differ before the extension), but
  // the order makes that not matter.
  let rest = tags;
  for (const [url, next] of [...old].sort((a, b) => b[0].length - a[0].length))
    rest = rest.split(url).join(next);
  return rest;
}

/** Posts (trashed ones included) that show the image anywhere: body, source or lead image. */
export function postsShowingMedia(db: Kysely<Database>, media: Media): Promise<PostShowingMedia[]> {
  const like = `%${stemUrl(media)}%`;
  return db
    .selectFrom('posts')
    .select(['id', 'title', 'author_id'])
    .where((eb) =>
      eb.or([
        eb('image_media_id', '=', media.id),
        eb('image_src', 'like', like),
        eb('body_html', 'like', like),
        eb('body_source', 'like', like),
      ]),
    )
    .orderBy('id')
    .execute();
}

async function prepare(bytes: Uint8Array): Promise<PreparedImage> {
  try {
    return await imageQueue.run(() => prepareImage(bytes));
  } catch (err) {
    if (err instanceof ImageQueueFull) throw new MediaError(err.message);
    throw err;
  }
}

/**
 * Replaces the picture of a library image. `may` says whether the editor may change a post that
 * shows it (authors only their own); one refusal refuses the whole replacement, naming the post.
 */
export async function replaceMedia(
  db: Kysely<Database>,
  mediaDir: string,
  media: Media,
  bytes: Uint8Array,
  options: { originalName?: string | null; may: (post: PostShowingMedia) => boolean },
): Promise<ReplaceResult> {
  const showing = await postsShowingMedia(db, media);
  const barred = showing.filter((p) => !options.may(p));
  if (barred.length > 0) {
    const names = barred.map((p) => `“${p.title || '(untitled)'}”`).join(', ');
    return {
      ok: false,
      status: 403,
      error: `This image is also used in ${names}, which you may not edit: ask an administrator to replace it.`,
    };
  }
  const folder = path.posix.dirname(media.path);
  const name = contentName(bytes);
  if (path.posix.basename(media.path).startsWith(`${name}.`))
    return {
      ok: false,
      status: 400,
      error: 'That is the same picture as the one in the library: nothing to replace.',
    };
  const twin = await db
    .selectFrom('media')
    .select(['id', 'caption'])
    .where('path', 'like', `${folder}/${name}.%`)
    .executeTakeFirst();
  if (twin) {
    const which = twin.caption ? ` (“${twin.caption}”)` : '';
    return {
      ok: false,
      status: 400,
      error: `That picture is already in the library${which}: insert that one instead, or delete it first.`,
    };
  }
  let image: PreparedImage;
  try {
    image = await prepare(bytes);
  } catch (err) {
    if (err instanceof MediaError) return { ok: false, status: 400, error: err.message };
    throw err;
  }
  const written = writePreparedImage(mediaDir, folder, name, image);
  const next: Files = {
    path: written.path,
    width: image.width,
    height: image.height,
    variants: JSON.stringify(written.variants),
  };
  let updated: Media;
  let posts = 0;
  try {
    const stem = `%${stemUrl(media)}%`;
    updated = await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('media')
        .set({
          ...next,
          mime: `image/${image.format}`,
          original_name: options.originalName?.slice(0, 200) || media.original_name,
        })
        .where('id', '=', media.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const rows = await trx
        .selectFrom('posts')
        .select(['id', 'body_html', 'body_source', 'image_src'])
        .where((eb) =>
          eb.or([
            eb('image_media_id', '=', media.id),
            eb('image_src', 'like', stem),
            eb('body_html', 'like', stem),
            eb('body_source', 'like', stem),
          ]),
        )
        .execute();
      // Every row is written, even one whose lead image is known only by id: the write is what
      // tells the page cache (and other processes) that the post's pages changed.
      for (const post of rows) {
        await trx
          .updateTable('posts')
          .set({
            body_html: rewriteMediaRefs(post.body_html, media, next),
            body_source: post.body_source === null ? null : rewriteMediaRefs(post.body_source, media, next),
            image_src: post.image_src === null ? null : rewriteMediaRefs(post.image_src, media, next),
          })
          .where('id', '=', post.id)
          .execute();
      }
      posts = rows.length;
      const autosaves = await trx
        .selectFrom('post_autosaves')
        .select(['post_id', 'data'])
        .where('data', 'like', stem)
        .execute();
      for (const saved of autosaves) {
        const fields = JSON.parse(saved.data) as Record<string, unknown>;
        for (const [key, value] of Object.entries(fields))
          if (typeof value === 'string') fields[key] = rewriteMediaRefs(value, media, next);
        await trx
          .updateTable('post_autosaves')
          .set({ data: JSON.stringify(fields) })
          .where('post_id', '=', saved.post_id)
          .execute();
      }
      return row;
    });
  } catch (err) {
    for (const rel of mediaFiles(next)) fs.rmSync(path.join(mediaDir, rel), { force: true });
    throw err;
  }
  for (const rel of mediaFiles(media)) fs.rmSync(path.join(mediaDir, rel), { force: true });
  return { ok: true, media: updated, posts };
}
