// The editor's inbox under /admin/inbox: new articles from the outlets, keyboard-driven (see
// assets/inbox.js), one-click clip; and /admin/inbox/sources: outlets, their health, OPML, watch
// rules. Thin handlers over src/inbox/ and src/sources/; the admin router has checked the form token.
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser, viewer } from '../auth/middleware.ts';
import { ExtractError } from '../clippings/extract.ts';
import { FetchError } from '../clippings/fetch.ts';
import { clipInboxItem } from '../inbox/clip-item.ts';
import { listInbox, setInboxState } from '../inbox/store.ts';
import { addWatchRule, deleteWatchRule, listWatchRules, WatchRuleError } from '../inbox/watch.ts';
import { endSubscription, listPushHealth } from '../inbox/websub/store.ts';
import { recordId } from '../lib/record-id.ts';
import { readSettings } from '../settings/settings.ts';
import { addSource } from '../sources/add-source.ts';
import { OpmlError, readOpml, writeOpml } from '../sources/opml.ts';
import { deleteSource, insertSource, listSources } from '../sources/store.ts';
import { frame } from './page.ts';
import { AdminLayout } from './views/AdminLayout.tsx';
import { INBOX_VIEWS, InboxPage, type InboxView } from './views/InboxPage.tsx';
import { SourcesPage } from './views/SourcesPage.tsx';

const STATES = new Set(['read', 'later', 'dismissed', 'new'] as const);

export function inboxAdminRoutes(deps: AppDeps) {
  const app = new Hono<AdminEnv>();
  app.use('*', requireUser('admin', 'author'));
  const db = deps.store.db;
  const fetch = () => ({ allowPrivate: deps.config.fetchAllowPrivate });

  app.get('/', async (c) => {
    const view = (INBOX_VIEWS as readonly string[]).includes(c.req.query('view') ?? '')
      ? (c.req.query('view') as InboxView)
      : 'open';
    const sourceId = recordId(c.req.query('source')) || null;
    const ruleId = recordId(c.req.query('rule')) || null;
    const [items, sources, rules, settings] = await Promise.all([
      listInbox(db, { view, sourceId, ruleId, limit: 100 }),
      listSources(db),
      listWatchRules(db),
      readSettings(db),
    ]);
    const message = c.req.query('msg');
    return c.html(
      <InboxPage
        frame={await frame(c, deps)}
        items={items}
        sources={sources}
        rules={rules}
        filter={{ view, sourceId, ruleId }}
        timeZone={settings.timeZone}
        notice={message === 'clipped' ? { kind: 'ok', text: 'Clipped into a draft.' } : undefined}
      />,
    );
  });

  app.post('/:id{[0-9]+}/state', async (c) => {
    const form = await c.req.parseBody();
    const state = String(form.state ?? '') as 'read';
    if (!STATES.has(state)) return c.text(`Unknown state "${state}"`, 400);
    await setInboxState(db, recordId(c.req.param('id')), state);
    if (c.req.header('accept')?.includes('application/json')) return c.json({ ok: true });
    return c.redirect(backTo(form.back), 303);
  });

  app.post('/:id{[0-9]+}/clip', async (c) => {
    try {
      const settings = await readSettings(db);
      const result = await clipInboxItem(db, recordId(c.req.param('id')), {
        fetch: fetch(),
        timeZone: settings.timeZone,
        authorId: viewer(c).id,
        now: deps.now,
      });
      if (result.kind === 'missing') return c.notFound();
      return c.redirect(`/admin/posts/${result.postId}/edit`, 303);
    } catch (err) {
      if (err instanceof FetchError || err instanceof ExtractError) {
        return c.html(
          <InboxError
            frameP={await frame(c, deps)}
            text={`This article cannot be clipped: ${err.message}.`}
          />,
          422,
        );
      }
      throw err;
    }
  });

  app.get('/sources', (c) => renderSources(c));

  app.post('/sources', async (c) => {
    const form = await c.req.parseBody();
    const address = String(form.address ?? '').trim();
    if (!address)
      return renderSources(c, { kind: 'error', text: 'Give the address of a site or a feed.' }, 422);
    const result = await addSource(db, address, { fetch: fetch(), now: deps.now() });
    if (result.kind === 'refused')
      return renderSources(c, { kind: 'error', text: `Not added: ${result.reason}` }, 422);
    const text =
      result.kind === 'known'
        ? `${result.source.name} is already followed.`
        : `Following ${result.source.name} (${result.feed.entries.length} articles in its feed).`;
    return renderSources(c, { kind: 'ok', text });
  });

  app.post('/sources/opml', async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    const text = typeof file === 'string' ? file : file ? await file.text() : String(form.opml ?? '');
    let outlets: ReturnType<typeof readOpml>;
    try {
      outlets = readOpml(text);
    } catch (err) {
      if (err instanceof OpmlError) return renderSources(c, { kind: 'error', text: err.message }, 422);
      throw err;
    }
    let added = 0;
    const refused: string[] = [];
    for (const outlet of outlets) {
      if (!/^https?:\/\//i.test(outlet.feedUrl)) {
        refused.push(`${outlet.feedUrl} (not a web address)`);
        continue;
      }
      const { created } = await insertSource(db, outlet, deps.now());
      if (created) added++;
    }
    const skipped = refused.length ? ` Skipped: ${refused.join(', ')}.` : '';
    return renderSources(c, {
      kind: 'ok',
      text: `Imported ${added} new outlets (${outlets.length - added - refused.length} already followed); they are fetched within a minute.${skipped}`,
    });
  });

  app.get('/sources.opml', async (c) => {
    const { title } = await readSettings(db);
    const sources = await listSources(db);
    const body = writeOpml(
      `${title}: outlets`,
      sources.map((s) => ({ name: s.name, feedUrl: s.feed_url, siteUrl: s.site_url })),
      deps.now(),
    );
    return c.body(body, 200, {
      'content-type': 'text/x-opml; charset=utf-8',
      'content-disposition': 'attachment; filename="outlets.opml"',
    });
  });

  app.post('/sources/:id{[0-9]+}/delete', async (c) => {
    const id = recordId(c.req.param('id'));
    // The poller's next round asks the hub to stop; the subscription outlives the outlet till then.
    await endSubscription(db, id);
    await deleteSource(db, id);
    return renderSources(c, { kind: 'ok', text: 'Unfollowed; its inbox items are gone too.' });
  });

  app.post('/rules', async (c) => {
    const form = await c.req.parseBody();
    try {
      await addWatchRule(
        db,
        {
          phrase: String(form.phrase ?? ''),
          sourceId: Number(form.source) || null,
          notifyEmail: String(form.email ?? ''),
        },
        deps.now(),
      );
    } catch (err) {
      if (err instanceof WatchRuleError) return renderSources(c, { kind: 'error', text: err.message }, 422);
      throw err;
    }
    return renderSources(c, { kind: 'ok', text: 'Watch rule added.' });
  });

  app.post('/rules/:id{[0-9]+}/delete', async (c) => {
    await deleteWatchRule(db, recordId(c.req.param('id')));
    return renderSources(c, { kind: 'ok', text: 'Watch rule removed.' });
  });

  async function renderSources(
    c: Context<AdminEnv>,
    notice?: { kind: 'ok' | 'error'; text: string },
    status: 200 | 422 = 200,
  ) {
    const [sources, pushes, rules, settings] = await Promise.all([
      listSources(db),
      listPushHealth(db),
      listWatchRules(db),
      readSettings(db),
    ]);
    return c.html(
      <SourcesPage
        frame={await frame(c, deps)}
        sources={sources}
        pushes={new Map(pushes.map((push) => [push.source_id, push]))}
        rules={rules}
        notice={notice}
        now={deps.now()}
        timeZone={settings.timeZone}
      />,
      status,
    );
  }

  return app;
}

/** Only a path inside the inbox is a place to go back to. */
function backTo(value: unknown): string {
  const s = typeof value === 'string' ? value : '';
  return /^\/admin\/inbox(\?[\w=&%.-]*)?$/.test(s) ? s : '/admin/inbox';
}

const InboxError = ({ frameP, text }: { frameP: Awaited<ReturnType<typeof frame>>; text: string }) => (
  <AdminLayout
    title="Inbox"
    active="inbox"
    user={frameP.user}
    csrf={frameP.csrf}
    blogTitle={frameP.blogTitle}
    notice={{ kind: 'error', text }}
  >
    <p>
      <a href="/admin/inbox">Back to the inbox</a> · the article can still be clipped by hand from{' '}
      <a href="/admin/clip">Clip a URL</a>.
    </p>
  </AdminLayout>
);
