// Every HTML response starts with <!DOCTYPE html>, public and admin: without it browsers render in
// quirks mode (document.compatMode "BackCompat"), which every page of Gloss once did. Walks every
// GET route of the app (test/helpers/site-routes.ts fails on a route it cannot fill), signed in
// and not, plus the pages that answer a rejected form.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { corpusSkip } from '../src/import/test-support.ts';
import { ORIGIN } from './helpers/admin.ts';
import { freshDatabase } from './helpers/databases.ts';
import { everyGetUrl, type SiteSamples, seedSite } from './helpers/site-routes.ts';

describe('<!DOCTYPE html> on every HTML response', { skip: corpusSkip('wordpress') }, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: ReturnType<typeof createApp>['app'];
  let samples: SiteSamples;

  before(async () => {
    database = await freshDatabase('sqlite');
    samples = await seedSite(database.store);
    app = createApp({ store: database.store, config: loadConfig({}, process.cwd()) }).app;
  });
  after(() => database?.drop());

  async function checkHtml(res: Response, what: string): Promise<boolean> {
    if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) return false;
    const body = await res.text();
    assert.ok(
      body.startsWith('<!DOCTYPE html>'),
      `${what} (${res.status}) starts with ${JSON.stringify(body.slice(0, 40))}`,
    );
    return true;
  }

  it('every GET route, signed in as the owner and signed out', async () => {
    let pages = 0;
    for (const { url, admin } of everyGetUrl(app, samples)) {
      const signedIn = await app.request(`${ORIGIN}${url}`, { headers: { cookie: samples.owner.cookie } });
      if (await checkHtml(signedIn, `${url} signed in`)) pages++;
      if (!admin && !url.startsWith('/admin/login')) continue;
      const signedOut = await app.request(`${ORIGIN}${url}`);
      if (await checkHtml(signedOut, `${url} signed out`)) pages++;
    }
    // Public pages, archives, labels, search, 404, every admin page, sign-in, setup, invitation.
    assert.ok(pages >= 30, `only ${pages} HTML pages were checked`);
  });

  it('the pages that answer a rejected form', async () => {
    const signIn = await app.request(`${ORIGIN}/admin/login`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'nobody@example.org', password: 'wrong password' }),
    });
    assert.ok(await checkHtml(signIn, 'a refused sign-in'));
    const comment = await app.request(`${ORIGIN}/comments/${samples.postId}`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ author: 'Reader', body: '' }),
    });
    assert.ok(await checkHtml(comment, 'a comment without text'));
  });
});
