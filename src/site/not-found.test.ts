// Near misses answer with a redirect to the address meant: an old path stored with a trailing
// slash reached without it (and the reverse), a post or page path with a trailing slash or
// without its ".html", label pages and feeds with a trailing slash; anything else is a 404.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';

eachDatabase('trailing slashes and near misses', (store) => {
  let app: ReturnType<typeof createApp>['app'];
  before(async () => {
    const db = store().db;
    await createPost(db, { title: 'About', kind: 'page', bodyHtml: '<p>About us.</p>' }, 'UTC');
    await createPost(
      db,
      { title: 'Bridge aid', bodyHtml: '<p>x</p>', publishedAt: '2018-03-05T10:00:00Z', labels: ['Japan'] },
      'UTC',
    );
    await db
      .insertInto('redirects')
      .values([
        { from_path: '/about/', to_path: '/p/about.html', status: 301 },
        { from_path: '/2018/03/05/bridge-aid', to_path: '/2018/03/bridge-aid.html', status: 301 },
      ])
      .execute();
    app = createApp({ store: store(), config: loadConfig({}, process.cwd()) }).app;
  });

  const location = async (path: string) => {
    const res = await app.request(`http://blog.test${path}`);
    return `${res.status} ${res.headers.get('location') ?? ''}`.trim();
  };

  it('redirects an old address whether or not it ends in a slash', async () => {
    assert.equal(await location('/about/'), '301 /p/about.html');
    assert.equal(await location('/about'), '301 /p/about.html');
    assert.equal(await location('/2018/03/05/bridge-aid/'), '301 /2018/03/bridge-aid.html');
  });

  it('redirects post and page paths with a trailing slash or without .html', async () => {
    assert.equal(await location('/p/about.html/'), '301 /p/about.html');
    assert.equal(await location('/p/about'), '301 /p/about.html');
    assert.equal(await location('/2018/03/bridge-aid'), '301 /2018/03/bridge-aid.html');
    assert.equal(await location('/2018/03/bridge-aid.html/'), '301 /2018/03/bridge-aid.html');
  });

  it('redirects label pages and feeds with a trailing slash, keeping the query', async () => {
    assert.equal(await location('/search/label/Japan/'), '301 /search/label/Japan');
    assert.equal(await location('/feeds/posts/default/?alt=rss'), '301 /feeds/posts/default?alt=rss');
    assert.equal(await location('/2018/'), '200');
  });

  it('still answers 404 for what is not there', async () => {
    assert.equal(await location('/p/nothing'), '404');
    assert.equal(await location('/p/nothing.html/'), '404');
    assert.equal(await location('/2018/03/missing'), '404');
  });
});
