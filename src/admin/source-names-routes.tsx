// /admin/source-names: the outlet and writer names clippings carry, and merging the ones spelled
// differently ("Khmer Times", "KhmerTimes", "khmertimeskh.com") into one. Thin handlers over
// src/sources/merge.ts; the admin router has checked the form token.
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser } from '../auth/middleware.ts';
import { lookAlikes, MergeError, mergeSourceNames, outletNames, writerNames } from '../sources/merge.ts';
import { frame } from './page.ts';
import { SourceNamesPage } from './views/SourceNamesPage.tsx';

export function sourceNameAdminRoutes(deps: AppDeps) {
  const app = new Hono<AdminEnv>();
  app.use('*', requireUser('admin'));
  const db = deps.store.db;

  app.get('/', (c) => render(c, c.req.query('outlet')));

  app.post('/merge', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const one = (name: string) => String([form[name] ?? ''].flat()[0] ?? '');
    const outlet = one('outlet') || undefined;
    const names = [form.names ?? []].flat().map(String);
    const into = one('into_other').trim() || one('into');
    try {
      const { posts } = await mergeSourceNames(
        db,
        { kind: outlet === undefined ? 'outlet' : 'author', outlet, names, into },
        deps.now(),
      );
      const text = `Merged ${names.filter((n) => n !== into).length + 1} names into “${into}”: ${posts} post${posts === 1 ? '' : 's'} updated; the old source pages redirect there.`;
      return render(c, outlet, { kind: 'ok', text });
    } catch (err) {
      if (err instanceof MergeError) return render(c, outlet, { kind: 'error', text: err.message }, 422);
      throw err;
    }
  });

  async function render(
    c: Context<AdminEnv>,
    outlet: string | undefined,
    notice?: { kind: 'ok' | 'error'; text: string },
    status: 200 | 422 = 200,
  ) {
    const names = outlet === undefined ? await outletNames(db) : await writerNames(db, outlet);
    return c.html(
      <SourceNamesPage
        frame={await frame(c, deps)}
        outlet={outlet}
        names={names}
        alike={lookAlikes(names.map((n) => n.name))}
        notice={notice}
      />,
      status,
    );
  }

  return app;
}
