// gloss clip --download-images: the article's body images copied into the media store through the
// same pipeline as uploads (type by content, pixel cap, metadata stripped, variants), each img
// pointed at its copy with srcset and size, its figure's caption and credit kept on the record.
// An image that cannot be fetched or read keeps its original address and is reported.
import type { Kysely } from 'kysely';
import { parseHTML } from '../lib/dom.ts';
import { MediaError, mediaUrl, srcsetOf, storeUploadedImage } from '../media/store.ts';
import type { Database } from '../storage/schema.ts';
import { FetchError, type FetchPageOptions, fetchImageBytes } from './fetch.ts';
import { captionAndCredit } from './lead-image.ts';

export interface BodyImagesResult {
  html: string;
  downloaded: number;
  failed: { url: string; reason: string }[];
}

export async function downloadBodyImages(
  db: Kysely<Database>,
  html: string,
  options: { mediaDir: string; fetch: FetchPageOptions; now: Date },
): Promise<BodyImagesResult> {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const root = document.getElementById('root')!;
  root.innerHTML = html;
  const result: BodyImagesResult = { html, downloaded: 0, failed: [] };
  const images = Array.from(root.querySelectorAll('img')) as unknown as HTMLImageElement[];
  for (const img of images) {
    const src = img.getAttribute('src') ?? '';
    if (!/^https?:\/\//i.test(src)) continue;
    try {
      const fetched = await fetchImageBytes(src, options.fetch);
      const figure = img.closest('figure') as unknown as Element | null;
      const { caption, credit } = figure ? captionAndCredit(figure) : { caption: null, credit: null };
      const media = await storeUploadedImage(
        db,
        options.mediaDir,
        new Uint8Array(fetched.bytes),
        {
          originalName: decodeURIComponent(new URL(fetched.url).pathname.split('/').pop() ?? '') || null,
          alt: img.getAttribute('alt'),
          caption,
          credit,
          sourceUrl: src,
        },
        options.now,
      );
      img.setAttribute('src', mediaUrl(media.path));
      const srcset = srcsetOf(media);
      if (srcset) img.setAttribute('srcset', srcset);
      else img.removeAttribute('srcset');
      img.removeAttribute('sizes');
      if (media.width && media.height) {
        img.setAttribute('width', String(media.width));
        img.setAttribute('height', String(media.height));
      }
      result.downloaded++;
    } catch (err) {
      if (!(err instanceof FetchError || err instanceof MediaError)) throw err;
      result.failed.push({ url: src, reason: err.message });
    }
  }
  result.html = root.innerHTML;
  return result;
}
