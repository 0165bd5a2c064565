// /admin/subscribers: counts and growth, the queue, the list (search, remove), CSV export and
// import, the sending settings, and a test send to the signed-in editor. Everything it reads or
// writes goes through the functions of src/subscriptions/.

import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser } from '../auth/middleware.ts';
import { pageNumber } from '../lib/page-number.ts';
import { recordId } from '../lib/record-id.ts';
import { mailContext } from '../subscriptions/context.ts';
import { queueCounts } from '../subscriptions/queue.ts';
import {
  exportCsv,
  type ImportReport,
  importCsv,
  listSubscribers,
  PAGE_SIZE,
  removeSubscriber,
  rosterCounts,
} from '../subscriptions/roster.ts';
import {
  checkSubscriptionSettings,
  readSubscriptionSettings,
  writeSubscriptionSettings,
} from '../subscriptions/settings.ts';
import { latestSuppressions } from '../subscriptions/suppressions.ts';
import { sendTestMail, type TestSendResult } from '../subscriptions/test-send.ts';
import { frame } from './page.ts';
import { SubscribersPage } from './views/SubscribersPage.tsx';

const SUPPRESSIONS_SHOWN = 50;

/** The largest CSV taken: about 200,000 addresses. */
const MAX_CSV_BYTES = 10 * 1024 * 1024;

export function subscriberAdminRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<AdminEnv>();
  app.use('*', requireUser('admin'));

  const render = async (
    c: Context<AdminEnv>,
    imported?: ImportReport,
    status: 200 | 400 | 502 = 200,
    settingsError?: string,
    testSend?: TestSendResult,
  ) => {
    const q = c.req.query('q') ?? '';
    const filter = c.req.query('status') ?? '';
    const page = pageNumber(c.req.query('page'));
    const [f, counts, queue, list, chrome, settings, suppressions] = await Promise.all([
      frame(c, deps),
      rosterCounts(db, deps.now()),
      queueCounts(db),
      listSubscribers(db, { q, status: filter, page }),
      deps.site.chrome(),
      readSubscriptionSettings(db),
      latestSuppressions(db, SUPPRESSIONS_SHOWN),
    ]);
    return c.html(
      <SubscribersPage
        frame={f}
        counts={counts}
        queue={queue}
        rows={list.rows}
        total={list.total}
        page={page}
        pageSize={PAGE_SIZE}
        q={q}
        status={filter}
        timeZone={chrome.settings.timeZone}
        canSend={Boolean(deps.config.smtp && deps.config.baseUrl)}
        imported={imported}
        settings={settings}
        settingsError={settingsError}
        testSend={testSend}
        suppressions={suppressions}
        ownAddress={c.get('user')?.email ?? null}
      />,
      status,
    );
  };

  app.get('/', (c) => render(c));

  app.post('/:id{[0-9]+}/remove', async (c) => {
    if (!(await removeSubscriber(db, recordId(c.req.param('id'))))) return c.notFound();
    return c.redirect('/admin/subscribers?done=removed', 303);
  });

  app.post('/settings', async (c) => {
    const form = await c.req.parseBody();
    const values = Object.fromEntries(
      Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
    );
    const checked = checkSubscriptionSettings(values);
    if (!checked.ok) return render(c, undefined, 400, checked.message);
    await writeSubscriptionSettings(db, checked.settings);
    return c.redirect('/admin/subscribers?done=settings', 303);
  });

  // Sent at once, not queued: the answer on the page is the SMTP server's own.
  app.post('/test-send', async (c) => {
    const { settings: blog } = await deps.site.chrome();
    const result = await sendTestMail(
      db,
      deps.config.smtp,
      mailContext(deps, blog.title),
      c.get('user')?.email ?? null,
    );
    return render(c, undefined, result.ok ? 200 : result.status, undefined, result);
  });

  app.get('/export.csv', async (c) => {
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header(
      'content-disposition',
      `attachment; filename="subscribers-${deps.now().toISOString().slice(0, 10)}.csv"`,
    );
    c.header('cache-control', 'no-store');
    return c.body(await exportCsv(db));
  });

  app.post('/import', async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    const problem = (message: string) =>
      render(c, { added: 0, kept: 0, confirmed: 0, problems: [{ line: 0, message }] }, 400);
    if (!(file instanceof File) || file.size === 0) return problem('Choose a CSV file to import.');
    if (file.size > MAX_CSV_BYTES)
      return problem('The file is larger than 10 MB; split it and import each part.');
    const text = new TextDecoder('utf-8', { fatal: false }).decode(await file.arrayBuffer());
    return render(c, await importCsv(db, text, deps.now()));
  });

  return app;
}
