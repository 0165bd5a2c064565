// A bounded fuzzer of the HTTP surface: random paths built from every route, random escapes,
// queries, headers and form bodies, signed out (any method) and signed in (reads). It asserts no
// 5xx, no answer slower than GLOSS_FUZZ_SLOW_MS (5 s), and that nothing stored changed: none of
// these requests is allowed to change anything.
// Budget: GLOSS_FUZZ_SECONDS per database (default 20); the seed is printed, GLOSS_FUZZ_SEED replays.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import fc from 'fast-check';
import { createApp } from '../src/app.tsx';
import { seedEmptyBlog } from '../src/clippings/seed.ts';
import { loadConfig } from '../src/config.ts';
import type { Store } from '../src/storage/db.ts';
import { ORIGIN, type SignedIn, signedInAs } from './helpers/admin.ts';
import { eachDatabase } from './helpers/databases.ts';

const SEED = Number(process.env.GLOSS_FUZZ_SEED ?? Date.now() % 2 ** 31);
const BUDGET_MS = Number(process.env.GLOSS_FUZZ_SECONDS ?? 20) * 1000;
/** No answer may take longer: a request that stalls the server (a body parsed whole, a recursion,
 * a page built to stall a parser) takes seconds to minutes; every answer here takes milliseconds. */
const SLOW_MS = Number(process.env.GLOSS_FUZZ_SLOW_MS ?? 5000);
console.log(
  `fuzz seed ${SEED} (replay with GLOSS_FUZZ_SEED=${SEED}), budget ${BUDGET_MS / 1000}s per database`,
);

async function snapshot(store: Store) {
  const [posts, users, comments, settings] = await Promise.all([
    store.db.selectFrom('posts').select(['id', 'updated_at', 'status']).orderBy('id').execute(),
    store.db.selectFrom('users').select(['id', 'role', 'active']).orderBy('id').execute(),
    store.db.selectFrom('comments').select(['id', 'status']).orderBy('id').execute(),
    store.db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'like', 'blog.%')
      .orderBy('key')
      .execute(),
  ]);
  return JSON.stringify({ posts, users, comments, settings });
}

const segment = fc.oneof(
  fc.constantFrom(
    '2017',
    '07',
    'a.html',
    'p',
    'search',
    'label',
    'feeds',
    'posts',
    'default',
    '-',
    '1',
    '%ff',
    '%00',
    '%',
    '%25s',
    '..',
    '%2e%2e',
    'é',
    '%E0%A4%A',
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.string({ maxLength: 8 }),
);
const queryPart = fc.tuple(
  fc.constantFrom(
    'q',
    'replyTo',
    'commentPage',
    'showComment',
    'updated-max',
    'max-results',
    'start-index',
    'alt',
    'next',
    'token',
    'page',
    'status',
    'back',
    'm',
    'x',
  ),
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      '%ff',
      '%00',
      '-1',
      '99999999999999999999',
      'NaN',
      '1e999',
      'rss',
      'json',
      '2017-07-01T00:00:00Z',
    ),
  ),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc
    .dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 200 }), { maxKeys: 8 })
    .map((d) => new URLSearchParams(d).toString()),
  fc.string({ maxLength: 300 }),
  fc.constant('a=%ff&b=%00&c=%'),
);
const headerSet = fc.record({
  'content-type': fc.constantFrom(
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json',
    'text/plain',
    'multipart/form-data',
  ),
  accept: fc.constantFrom('text/html', 'application/json', '*/*'),
  'if-none-match': fc.constantFrom('', '*', 'W/"x"', '"'),
  'if-modified-since': fc.constantFrom('', 'yesterday', 'Thu, 01 Jan 1970 00:00:00 GMT'),
});

eachDatabase('HTTP fuzzing', (getStore) => {
  let app: ReturnType<typeof createApp>['app'];
  let owner: SignedIn;
  let templates: string[];

  before(async () => {
    await seedEmptyBlog(getStore().db, new Date());
    ({ app } = createApp({ store: getStore(), config: loadConfig({}, process.cwd()) }));
    owner = await signedInAs(getStore(), 'owner');
    templates = [...new Set(app.routes.map((r) => r.path))].filter((p) => p !== '/*' && !p.endsWith('*'));
  });

  // The random walk found ?page=99999999999999999999 on one list after 8,328 requests; this sweep
  // tries every id-like place at once: each template's parameters and each numeric query key, with
  // numbers no id column or offset can hold, signed in (reads, and posts that must find nothing).
  it('answers numbers no record can have below 500 on every route, and changes nothing', async () => {
    const before = await snapshot(getStore());
    const hostile = ['99999999999999999999', '2147483648', '0', '1e20', '-1'];
    const keys = [
      'page',
      'post',
      'author',
      'source',
      'rule',
      'clipped',
      'start-index',
      'max-results',
      'commentPage',
      'replyTo',
      'showComment',
      'start',
      'id',
    ];
    const failures: string[] = [];
    for (const template of templates) {
      for (const n of hostile) {
        const path = template.replace(/:[a-zA-Z]+(\{[^}]*\})?/g, n);
        // Each key is read on its own, so one query carrying them all tries every one at once.
        const query = keys.map((k) => `${k}=${n}`).join('&');
        for (const q of ['', query]) {
          for (const method of ['GET', 'POST']) {
            if (method === 'POST' && (q !== '' || !/:(id|source|postId)/.test(template))) continue;
            const url = `${ORIGIN}${path}${q ? `?${q}` : ''}`;
            const res = await app.request(url, {
              method,
              headers: {
                origin: ORIGIN,
                cookie: owner.cookie,
                'content-type': 'application/x-www-form-urlencoded',
              },
              body: method === 'POST' ? `_csrf=${encodeURIComponent(owner.csrf)}` : undefined,
            });
            await res.arrayBuffer();
            if (res.status >= 500) failures.push(`${method} ${url} answered ${res.status}`);
          }
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.equal(
      await snapshot(getStore()),
      before,
      'a request for a record that cannot exist changed stored data',
    );
  });

  it('answers every random request below 500 and changes nothing stored', {
    timeout: BUDGET_MS + 60_000,
  }, async () => {
    const before = await snapshot(getStore());
    let runs = 0;
    let slowest = { ms: 0, what: '' };
    const request = fc.record({
      template: fc.constantFrom(...templates),
      params: fc.array(segment, { minLength: 1, maxLength: 4 }),
      query: fc.array(queryPart, { maxLength: 3 }),
      method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'),
      signedIn: fc.boolean(),
      headers: headerSet,
      body,
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        runs++;
        let i = 0;
        const path = r.template
          .replace(/:[a-zA-Z]+(\{[^}]*\})?/g, () => r.params[i++ % r.params.length]!)
          .replace(/\*/g, () => r.params.join('/'));
        const query = r.query.map(([k, v]) => `${k}=${v}`).join('&');
        const url = `${ORIGIN}${path}${query ? `?${query}` : ''}`;
        // Signed in, only reads: a signed-in POST may legitimately change things.
        const method = r.signedIn && !['GET', 'HEAD'].includes(r.method) ? 'GET' : r.method;
        const headers: Record<string, string> = { origin: ORIGIN };
        for (const [k, v] of Object.entries(r.headers)) if (v) headers[k] = v;
        if (r.signedIn) headers.cookie = owner.cookie;
        const sendsBody = !['GET', 'HEAD'].includes(method) && r.body !== undefined;
        let res: Response;
        const started = performance.now();
        try {
          res = await app.request(url, { method, headers, body: sendsBody ? r.body : undefined });
        } catch (err) {
          if (err instanceof TypeError && /Invalid URL|URL/.test(err.message)) return; // not an HTTP request at all
          throw err;
        }
        await res.arrayBuffer();
        const ms = performance.now() - started;
        if (ms > slowest.ms) slowest = { ms, what: `${method} ${url}` };
        assert.ok(res.status < 500, `${method} ${url} answered ${res.status}`);
        assert.ok(ms < SLOW_MS, `${method} ${url} took ${Math.round(ms)} ms (the bound is ${SLOW_MS} ms)`);
      }),
      { seed: SEED, numRuns: 1_000_000, interruptAfterTimeLimit: BUDGET_MS, markInterruptAsFailure: false },
    );
    console.log(
      `fuzz: ${runs} requests; the slowest ${Math.round(slowest.ms)} ms (${slowest.what.slice(0, 120)})`,
    );
    assert.equal(await snapshot(getStore()), before, 'a fuzzed request changed stored data');
  });
});
