// /admin/media: the media library (every image with caption, credit, size and the posts using it;
// search; replace the picture everywhere it shows; delete only when unused, 409 naming the posts
// otherwise); POST / for Compose's body images, which stores an upload through the media pipeline
// and answers the attributes the editor inserts (errors: 400 with the reason, as JSON); and
// GET /library.json, the same search for Compose's "From library", answering what it inserts.

import fs from 'node:fs';
import path from 'node:path';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser, viewer } from '../auth/middleware.ts';
import { canEditPost } from '../auth/roles.ts';
import { pageNumber } from '../lib/page-number.ts';
import { recordId } from '../lib/record-id.ts';
import { deleteMedia, findMedia, LIBRARY_PAGE, listMedia } from '../media/library.ts';
import { replaceMedia } from '../media/replace.ts';
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

  /** The library page again with an error (after a refused delete or replace), at its status. */
  async function refused(c: Context<AdminEnv>, error: string, status: 400 | 403 | 409) {
    const { items, total } = await listMedia(db, {});
    return c.html(
      <MediaPage
        frame={await frame(c, deps)}
        data={{
          rows: await Promise.all(items.map(row)),
          total,
          q: '',
          page: 1,
          perPage: LIBRARY_PAGE,
          error,
        }}
      />,
      status,
    );
  }

  app.get('/library.json', async (c) => {
    const q = c.req.query('q')?.trim().slice(0, 200) ?? '';
    const page = pageNumber(c.req.query('page'));
    const { items, total } = await listMedia(db, { q, page });
    return c.json({
      total,
      page,
      perPage: LIBRARY_PAGE,
      items: items.map((media) => {
        const variants = JSON.parse(media.variants) as { path: string }[];
        return { ...bodyImageOf(media), thumb: mediaUrl(variants[0]?.path ?? media.path) };
      }),
    });
  });

  app.post('/:id{[0-9]+}/delete', async (c) => {
    const media = await findMedia(db, recordId(c.req.param('id')));
    if (!media) return c.notFound();
    const uses = await postsUsingMedia(db, media);
    if (uses.length > 0) {
      const names = uses.map((u) => `“${u.title || '(untitled)'}”`).join(', ');
      return refused(
        c,
        `This image is used in ${names}: remove it from ${uses.length === 1 ? 'that post' : 'those posts'} first.`,
        409,
      );
    }
    await deleteMedia(db, deps.config.mediaDir, media);
    return c.redirect('/admin/media?done=deleted', 303);
  });

  app.post('/:id{[0-9]+}/replace', async (c) => {
    const media = await findMedia(db, recordId(c.req.param('id')));
    if (!media) return c.notFound();
    const form = (await c.req.parseBody()) as FormBody;
    const file = form.file;
    if (!(file instanceof File) || file.size === 0)
      return refused(c, 'Choose the new picture to upload.', 400);
    const user = viewer(c);
    const result = await replaceMedia(
      db,
      deps.config.mediaDir,
      media,
      new Uint8Array(await file.arrayBuffer()),
      {
        originalName: file.name,
        may: (post) => canEditPost(user, post),
      },
    );
    if (!result.ok) return refused(c, result.error, result.status);
    return c.redirect(`/admin/media?done=replaced#media-${media.id}`, 303);
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
