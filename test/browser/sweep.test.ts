// The sweep: every public and admin page of a blog holding real imported content (the WordPress
// theme unit test data from ../shared/corpora, the sample post), at 1366 and 390 px in Chromium.
// Each page must be in standards mode, no wider than the screen, free of console errors (CSP
// violations included) and failed requests, with alt text on every image, a label on every form
// field, and internal links that lead somewhere. test/helpers/site-routes.ts lists one URL per
// route and fails on a route it does not know, so a new page is swept from the day it exists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { corpusSkip } from '../../src/import/test-support.ts';
import { browserSkip, CHROMIUM, CHROMIUM_FLAGS, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';
import { everyGetUrl, type SiteSamples, seedSite } from '../helpers/site-routes.ts';

const WIDE = { width: 1366, height: 900 };
/** Pages seen signed out even in the signed-in pass: the sign-in, setup and invitation pages. */
const SIGNED_OUT = /^\/admin\/(login|setup|invite\/)/;

interface PageReport {
  compatMode: string;
  overflow: number;
  imagesWithoutAlt: string[];
  unlabelled: string[];
  links: string[];
}

describe('sweep of every page in Chromium', { skip: browserSkip() || corpusSkip('wordpress') }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let samples: SiteSamples;
  let pages: { url: string; admin: boolean }[];
  const links = new Set<string>();

  before(async () => {
    database = await freshDatabase('sqlite');
    samples = await seedSite(database.store);
    server = await startServer(database.store);
    // Imported posts hotlink images on their old hosts; tests reach 127.0.0.1 only, so every other
    // name resolves to nothing at once (those failures say nothing about Gloss and are not counted).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    const html: { url: string; admin: boolean }[] = [];
    for (const page of everyGetUrl(server.app, samples)) {
      const res = await fetch(`${server.base}${page.url}`, {
        headers: page.admin && !SIGNED_OUT.test(page.url) ? { cookie: samples.owner.cookie } : {},
        redirect: 'manual',
      });
      if ((res.headers.get('content-type') ?? '').startsWith('text/html')) html.push(page);
      await res.arrayBuffer();
    }
    pages = html;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function contextFor(viewport: { width: number; height: number }, signedIn: boolean) {
    const context = await browser.newContext({ viewport });
    if (signedIn) {
      const [name, ...value] = samples.owner.cookie.split('=');
      await context.addCookies([{ name: name!, value: value.join('='), url: server.base }]);
    }
    return context;
  }

  async function sweep(context: BrowserContext, url: string, width: number) {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // Failed loads are checked below, by response: a page's own 404 (the not-found page, a spent
      // setup link) is its answer, not a fault.
      if (m.text().startsWith('Failed to load resource')) return;
      problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
    page.on('requestfailed', (r) => {
      if (r.url().startsWith(server.base)) problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document')
        problems.push(`${r.status()}: ${r.url()}`);
    });
    await page.goto(`${server.base}${url}`, { waitUntil: 'domcontentloaded' });
    // No named functions inside: the test runner's compiler would wrap them in a helper the page lacks.
    const report: PageReport = await page.evaluate(() => ({
      compatMode: document.compatMode,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      imagesWithoutAlt: [...document.images].filter((i) => !i.hasAttribute('alt')).map((i) => i.src),
      unlabelled: [...document.querySelectorAll<HTMLInputElement>('input, select, textarea')]
        .filter((el) => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
        .filter((el) => !el.closest('[hidden], [aria-hidden="true"]'))
        .filter(
          (el) =>
            !(el.labels?.length ?? 0) &&
            !el.hasAttribute('aria-label') &&
            !el.hasAttribute('aria-labelledby') &&
            !el.title,
        )
        .map((el) => `${el.tagName.toLowerCase()}[name=${el.name}]`),
      links: [...document.querySelectorAll<HTMLAnchorElement>('a[href]')]
        .map((a) => a.href)
        .filter((h) => h.startsWith(location.origin)),
    }));
    await page.close();
    const where = `${url} at ${width}px`;
    assert.equal(report.compatMode, 'CSS1Compat', `${where}: standards mode`);
    assert.ok(report.overflow <= 0, `${where}: the page is ${report.overflow}px wider than the screen`);
    assert.deepEqual(report.imagesWithoutAlt, [], `${where}: images without alt`);
    assert.deepEqual(report.unlabelled, [], `${where}: form fields without a label`);
    assert.deepEqual(problems, [], `${where}: console errors and failed requests`);
    for (const link of report.links) links.add(new URL(link).pathname + new URL(link).search);
  }

  for (const [name, viewport] of [
    ['1366', WIDE],
    ['390', PHONE],
  ] as const) {
    it(`every page is sound at ${name} px`, async () => {
      const reader = await contextFor(viewport, false);
      const owner = await contextFor(viewport, true);
      for (const { url, admin } of pages) {
        await sweep(admin && !SIGNED_OUT.test(url) ? owner : reader, url, viewport.width);
      }
      await reader.close();
      await owner.close();
    });
  }

  it('no internal link is broken', async () => {
    assert.ok(links.size > 50, `only ${links.size} links were found`);
    const broken: string[] = [];
    for (const link of links) {
      if (link.startsWith('/admin/logout') || link === '/2099/01/nothing-here.html') continue;
      const res = await fetch(`${server.base}${link}`, {
        headers: { cookie: samples.owner.cookie },
        redirect: 'follow',
      });
      await res.arrayBuffer();
      if (res.status >= 400) broken.push(`${link} → ${res.status}`);
    }
    assert.deepEqual(broken, []);
  });
});
