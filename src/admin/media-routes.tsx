// /admin/media: the media library (every image with caption, credit, size and the posts using it;
// search; delete only when unused, 409 naming the posts otherwise), and POST for Compose's body
// images, which stores an upload through the media pipeline and answers the attributes the editor
// inserts (errors: 400 with the reason, as JSON).

import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser } from '../auth/middleware.ts';
import { pageNumber } from '../lib/page-number.ts';
import { deleteMedia, findMedia, LIBRARY_PAGE, listMedia } from '../media/library.ts';
import { bodyImageOf, type Media, MediaError, mediaUrl, storeUploadedImage } from '../media/store.ts';
import { postsUsingMedia } from '../posts/media-uses.ts';
import { type FormBody, str } from './editor-form.ts';
import { frame } from './page.ts';
import { MediaPage, type MediaRow } from './views/MediaPage.tsx';

export function mediaAdminRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<AdminEnv>();
  app.use('*', requireUser('admin', 'author'));

  async function row(media: Media): Promise<MediaRow> {
    const variants = JSON.parse(media.variants) as { width: number; path: string }[];
    let bytes: number | null = null;
    try {
      bytes = fs.statSync(path.join(deps.config.mediaDir, media.path)).size;
    } catch {}
    return {
      media,
      url: mediaUrl(media.path),
      thumb: mediaUrl(variants[0]?.path ?? media.path),
      uses: await postsUsingMedia(db, media),
      bytes,
    };
  }

  app.get('/', async (c) => {
    const q = c.req.query('q')?.trim().slice(0, 200) ?? '';
    const page = pageNumber(c.req.query('page'));
    const { items, total } = await listMedia(db, { q, page });
    const rows = await Promise.all(items.map(row));
    return c.html(
      <MediaPage frame={await frame(c, deps)} data={{ rows, total, q, page, perPage: LIBRARY_PAGE }} />,
    );
  });

  app.post('/:id{[0-9]+}/delete', async (c) => {
    const media = await findMedia(db, Number(c.req.param('id')));
    if (!media) return c.notFound();
    const uses = await postsUsingMedia(db, media);
    if (uses.length > 0) {
      const { items, total } = await listMedia(db, {});
      const names = uses.map((u) => `“${u.title || '(untitled)'}”`).join(', ');
      return c.html(
        <MediaPage
          frame={await frame(c, deps)}
          data={{
            rows: await Promise.all(items.map(row)),
            total,
            q: '',
            page: 1,
            perPage: LIBRARY_PAGE,
            error: `This image is used in ${names}: remove it from ${uses.length === 1 ? 'that post' : 'those posts'} first.`,
          }}
        />,
        409,
      );
    }
    await deleteMedia(db, deps.config.mediaDir, media);
    return c.redirect('/admin/media?done=deleted', 303);
  });

  app.post('/', async (c) => {
    const form = (await c.req.parseBody()) as FormBody;
    const file = form.file;
    if (!(file instanceof File) || file.size === 0)
      return c.json({ error: 'Choose an image file to upload.' }, 400);
    const alt = str(form.alt).trim();
    if (!alt) return c.json({ error: 'Describe the picture (alt text) for readers who cannot see it.' }, 400);
    try {
      const media = await storeUploadedImage(
        db,
        deps.config.mediaDir,
        new Uint8Array(await file.arrayBuffer()),
        { originalName: file.name, alt, caption: str(form.caption).trim(), credit: str(form.credit).trim() },
        deps.now(),
      );
      // The same file uploaded again keeps its first record; this upload's words still apply here.
      return c.json({
        ...bodyImageOf(media),
        alt,
        caption: str(form.caption).trim(),
        credit: str(form.credit).trim(),
      });
    } catch (err) {
      if (err instanceof MediaError) return c.json({ error: err.message }, 400);
      throw err;
    }
  });

  return app;
}
