// A page takes no comments, but one that brought comments from an import (WordPress and Blogger
// pages have them) shows its approved ones, without a form or Reply links; a page without
// approved comments has no comment section at all.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ORIGIN } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import type { Store } from '../storage/db.ts';
import type { Post } from '../storage/schema.ts';

eachDatabase('comments under a page', (getStore) => {
  let store: Store;
  let app: ReturnType<typeof createApp>['app'];
  let page: Post;
  let bare: Post;

  before(async () => {
    store = getStore();
    ({ app } = createApp({ store, config: loadConfig({}, process.cwd()) }));
    page = await createPost(
      store.db,
      { kind: 'page', title: 'Guestbook', bodyHtml: '<p>Say hello.</p>', status: 'published' },
      'UTC',
    );
    bare = await createPost(
      store.db,
      { kind: 'page', title: 'About', bodyHtml: '<p>Us.</p>', status: 'published' },
      'UTC',
    );
    const at = '2020-01-01T00:00:00.000Z';
    const comment = (author: string, status: 'approved' | 'pending' | 'spam', postId = page.id) => ({
      post_id: postId,
      parent_id: null,
      author_name: author,
      body_text: `from ${author}`,
      body_html: `<p>from ${author}</p>`,
      status,
      created_at: at,
      updated_at: at,
    });
    await store.db
      .insertInto('comments')
      .values([
        comment('Ann', 'approved'),
        comment('Bob', 'approved'),
        comment('Held', 'pending'),
        comment('Junk', 'spam'),
        comment('Unseen', 'pending', bare.id),
      ])
      .execute();
  });

  it('shows the approved comments of a page, read-only', async () => {
    const html = await (await app.request(`${ORIGIN}${page.path}`)).text();
    assert.match(html, /<h2 id="comments-heading">2 comments<\/h2>/);
    assert.match(html, /from Ann/);
    assert.match(html, /from Bob/);
    assert.doesNotMatch(html, /from Held|from Junk/);
    assert.doesNotMatch(html, /class="comment-reply"/, 'no Reply link where no reply can be posted');
    assert.doesNotMatch(html, /id="comment-form"/, 'no comment form under a page');
  });

  it('gives a page without approved comments no comment section', async () => {
    const html = await (await app.request(`${ORIGIN}${bare.path}`)).text();
    assert.doesNotMatch(html, /id="comments"/);
    assert.doesNotMatch(html, /Unseen/);
  });
});
