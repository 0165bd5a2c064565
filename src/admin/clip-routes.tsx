// The admin "Clip a URL" page, its result, and a read-only view of each snapshot. Mounted under
// /admin/clip by the admin router, which has already loaded the session and checked the form token.
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser, viewer } from '../auth/middleware.ts';
import { clipUrl } from '../clippings/clip.ts';
import { ExtractError } from '../clippings/extract.ts';
import { FetchError } from '../clippings/fetch.ts';
import { findSnapshot, recentClippings } from '../clippings/snapshots.ts';
import { recordId } from '../lib/record-id.ts';
import { readSettings } from '../settings/settings.ts';
import { frame } from './page.ts';
import { bookmarkletHref, ClipPage, type ClipPageProps } from './views/ClipPage.tsx';
import { SnapshotPage } from './views/SnapshotPage.tsx';

export function clipAdminRoutes(deps: AppDeps) {
  const app = new Hono<AdminEnv>();
  // Whoever writes posts may clip (the owner passes every role check).
  app.use('*', requireUser('admin', 'author'));

  app.get('/', async (c) => {
    const clipped = recordId(c.req.query('clipped'));
    const result = clipped ? await findSnapshot(deps.store.db, clipped) : undefined;
    return render(c, {
      url: result ? '' : (c.req.query('url') ?? ''),
      note: result ? '' : (c.req.query('note') ?? ''),
      created: result?.post ? { snapshot: result.snapshot, post: result.post } : undefined,
    });
  });

  app.post('/', async (c) => {
    const form = await c.req.parseBody();
    const url = String(form.url ?? '').trim();
    const note = String(form.note ?? '');
    if (!url) return render(c, { url, note, error: 'Paste the address of the article to clip.' }, 422);
    try {
      const settings = await readSettings(deps.store.db);
      const result = await clipUrl(deps.store.db, url, {
        fetch: { allowPrivate: deps.config.fetchAllowPrivate },
        timeZone: settings.timeZone,
        authorId: viewer(c).id,
        note,
        force: form.force === '1',
        downloadImages: form.download_images === '1' ? { mediaDir: deps.config.mediaDir } : undefined,
        now: deps.now,
      });
      if (result.kind === 'duplicate') return render(c, { url, note, duplicate: result.earlier }, 409);
      return c.redirect(`/admin/clip?clipped=${result.snapshotId}`, 303);
    } catch (err) {
      if (err instanceof FetchError || err instanceof ExtractError) {
        return render(c, { url, note, error: `This page cannot be clipped: ${err.message}.` }, 422);
      }
      throw err;
    }
  });

  app.get('/snapshots/:id', async (c) => {
    const found = await findSnapshot(deps.store.db, recordId(c.req.param('id')));
    if (!found) return c.notFound();
    const { timeZone } = await readSettings(deps.store.db);
    return c.html(
      <SnapshotPage
        frame={await frame(c, deps)}
        snapshot={found.snapshot}
        post={found.post}
        timeZone={timeZone}
      />,
    );
  });

  async function render(
    c: Context<AdminEnv>,
    state: Pick<ClipPageProps, 'url' | 'note' | 'error' | 'duplicate' | 'created'>,
    status: 200 | 409 | 422 = 200,
  ) {
    const base = await deps.origin();
    const props: ClipPageProps = {
      ...state,
      frame: await frame(c, deps),
      bookmarklet: bookmarkletHref(base),
      recent: await recentClippings(deps.store.db, 8),
    };
    return c.html(<ClipPage {...props} />, status);
  }

  return app;
}
