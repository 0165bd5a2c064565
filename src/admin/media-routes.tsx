// /admin/media: body images. POST stores an upload (from Compose's button, drop or paste) through
// the media pipeline and answers the attributes the editor inserts; errors answer 400 with the
// reason, as JSON.
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser } from '../auth/middleware.ts';
import { bodyImageOf, MediaError, storeUploadedImage } from '../media/store.ts';
import { type FormBody, str } from './editor-form.ts';

export function mediaAdminRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<AdminEnv>();
  app.use('*', requireUser('admin', 'author'));

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
