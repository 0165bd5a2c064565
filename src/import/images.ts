// --download-images: after an import commits, copy the images its posts show (from the allowed
// image hosts only) into the media folder, with resized variants, record them in `media`, and
// point the bodies at the copies (/media/…). One image at a time, one small write per post: a
// failure is reported and the post keeps its original link.
import { imageQueue } from '../media/image-queue.ts';
import { contentName, prepareImage, writePreparedImage } from '../media/store.ts';
import type { Store } from '../storage/db.ts';
import { fetchImage, hostAllowed, type ImageFetchOptions } from './fetch-image.ts';

export interface DownloadOptions extends ImageFetchOptions {
  mediaDir: string;
  onImage?: (done: number, url: string) => void;
}

export interface DownloadReport {
  downloaded: number;
  failed: { url: string; reason: string }[];
  skipped: number;
}

/** Widths of the resized copies (only those smaller than the original are made). */
const VARIANT_WIDTHS = [480, 960, 1600];
const IMAGE_LINK = /\.(jpe?g|png|gif|webp|avif)(\?[^"]*)?$/i;

export const BLOGGER_IMAGE_HOSTS = [
  '*.bp.blogspot.com',
  '*.googleusercontent.com',
  '*.blogger.com',
  '*.blogspot.com',
];
export const WORDPRESS_IMAGE_HOSTS = ['*.files.wordpress.com', '*.wp.com'];

export async function downloadPostImages(
  store: Store,
  postIds: number[],
  options: DownloadOptions,
  now: () => Date,
): Promise<DownloadReport> {
  const report: DownloadReport = { downloaded: 0, failed: [], skipped: 0 };
  const local = new Map<string, string | null>();
  const { db } = store;
  for (const id of postIds) {
    const post = await db
      .selectFrom('posts')
      .select(['id', 'body_html', 'image_src', 'published_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!post) continue;
    const urls = new Set(imageUrls(post.body_html));
    if (post.image_src) urls.add(post.image_src);
    let body = post.body_html;
    let imageSrc = post.image_src;
    for (const url of urls) {
      let parsed: URL;
      try {
        parsed = new URL(url.startsWith('//') ? `https:${url}` : url);
      } catch {
        continue;
      }
      if (!hostAllowed(parsed, options.allowHosts)) {
        report.skipped++;
        continue;
      }
      if (!local.has(url))
        local.set(url, await storeImage(store, url, post.published_at, options, report, now));
      const stored = local.get(url);
      if (!stored) continue;
      body = replaceUrl(body, url, stored);
      if (imageSrc === url) imageSrc = stored;
    }
    if (body !== post.body_html || imageSrc !== post.image_src) {
      await db
        .updateTable('posts')
        .set({ body_html: body, image_src: imageSrc })
        .where('id', '=', id)
        .execute();
    }
  }
  return report;
}

/** The image URLs a body shows: <img src>, and links straight to an image file (Blogger's full size). */
export function imageUrls(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<img\b[^>]*?\ssrc="([^"]+)"/gi)) found.push(unescapeAttr(m[1]!));
  for (const m of html.matchAll(/<a\b[^>]*?\shref="([^"]+)"/gi)) {
    const href = unescapeAttr(m[1]!);
    if (IMAGE_LINK.test(href) || /\/s\d{2,4}(-[a-z0-9-]+)?\/[^/]+$/.test(href)) found.push(href);
  }
  return found.filter((u) => /^(https?:)?\/\//i.test(u));
}

function unescapeAttr(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
}

function replaceUrl(html: string, from: string, to: string): string {
  const escaped = from.replace(/&/g, '&amp;');
  return html.split(`"${escaped}"`).join(`"${to}"`).split(`"${from}"`).join(`"${to}"`);
}

/** Fetches, checks, stores one image with its variants; the public URL, or null (reported). */
async function storeImage(
  store: Store,
  url: string,
  publishedAt: string,
  options: DownloadOptions,
  report: DownloadReport,
  now: () => Date,
): Promise<string | null> {
  const known = await store.db
    .selectFrom('media')
    .select('path')
    .where('source_url', '=', url)
    .executeTakeFirst();
  if (known) return `/media/${known.path}`;
  try {
    const { bytes } = await fetchImage(url, options);
    // Through the shared queue and pipeline: pixel cap, metadata stripped, two at a time.
    const image = await imageQueue.run(() => prepareImage(bytes, VARIANT_WIDTHS));
    const folder = `${publishedAt.slice(0, 4)}/${publishedAt.slice(5, 7)}`;
    const written = writePreparedImage(options.mediaDir, folder, contentName(bytes), image);
    const rel = written.path;
    const variants = written.variants;
    const original = decodeURIComponent(
      new URL(url.startsWith('//') ? `https:${url}` : url).pathname.split('/').pop() ?? '',
    );
    const existing = await store.db
      .selectFrom('media')
      .select('id')
      .where('path', '=', rel)
      .executeTakeFirst();
    if (!existing) {
      await store.db
        .insertInto('media')
        .values({
          path: rel,
          original_name: original || null,
          mime: `image/${image.format}`,
          width: image.width,
          height: image.height,
          variants: JSON.stringify(variants),
          alt: null,
          caption: null,
          credit: null,
          source_url: url,
          created_at: now().toISOString(),
        })
        .execute();
    }
    report.downloaded++;
    options.onImage?.(report.downloaded, url);
    return `/media/${rel}`;
  } catch (err) {
    report.failed.push({ url, reason: (err as Error).message });
    return null;
  }
}
