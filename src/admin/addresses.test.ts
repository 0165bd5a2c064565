// The admin shows addresses as people read them: an imported path of percent escapes appears
// decoded in the posts list and the editor, while links keep the escaped form.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ORIGIN, type SignedIn, signedInAs } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import type { Store } from '../storage/db.ts';

const ESCAPED = '/2015/03/%E1%9E%9F%E1%9F%92%E1%9E%9A%E1%9E%BB%E1%9E%80.html';
const READABLE = '/2015/03/ស្រុក.html';

eachDatabase('addresses in the admin', (getStore) => {
  let store: Store;
  let app: ReturnType<typeof createApp>['app'];
  let ed: SignedIn;
  before(async () => {
    store = getStore();
    ({ app } = createApp({ store, config: loadConfig({}, process.cwd()) }));
    ed = await signedInAs(store, 'owner');
  });

  it('decodes percent escapes where the admin shows a path', async () => {
    const post = await createPost(
      store.db,
      { title: 'ស្រុក', path: ESCAPED, bodyHtml: '<p>x</p>', publishedAt: '2015-03-02T03:00:00Z' },
      'UTC',
    );
    const get = async (p: string) =>
      (await app.request(`${ORIGIN}${p}`, { headers: { cookie: ed.cookie } })).text();
    const list = await get('/admin/posts');
    assert.match(list, new RegExp(`<span class="path">${READABLE}</span>`));
    assert.ok(list.includes(`href="${ESCAPED}"`), 'the link keeps the escaped path');
    const edit = await get(`/admin/posts/${post.id}/edit`);
    assert.match(edit, new RegExp(`<code>${READABLE}</code>`));
  });
});
