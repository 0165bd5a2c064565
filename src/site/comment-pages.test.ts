// The post page under a hostile thread: a 10,000-deep reply chain renders (paged, nested no deeper
// than the setting), every comment has a stable address, and deleting never loses replies.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { form, ORIGIN, type SignedIn, signedInAs } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { setCommentStatus } from '../comments/moderation.ts';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import { writeSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';
import type { Post } from '../storage/schema.ts';

const FIRST = 1_000_000; // explicit ids, clear of the ones the database hands out
const DEPTH = 10_000;

/** How deep the comment lists nest in the page. */
function nesting(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)ol\b/g)) {
    depth += m[1] ? -1 : 1;
    max = Math.max(max, depth);
  }
  return max;
}

eachDatabase('comment pages', (getStore) => {
  let store: Store;
  let app: ReturnType<typeof createApp>['app'];
  let post: Post;
  let moderator: SignedIn;

  before(async () => {
    store = getStore();
    ({ app } = createApp({ store, config: loadConfig({}, process.cwd()) }));
    moderator = await signedInAs(store, 'moderator');
    post = await createPost(store.db, { title: 'Deep', bodyHtml: '<p>x</p>', status: 'published' }, 'UTC');
    const at = Date.parse('2024-01-01T00:00:00Z');
    for (let start = 0; start < DEPTH; start += 500) {
      await store.db
        .insertInto('comments')
        .values(
          Array.from({ length: Math.min(500, DEPTH - start) }, (_, k) => {
            const i = start + k;
            const time = new Date(at + i * 1000).toISOString();
            return {
              id: FIRST + i,
              post_id: post.id,
              parent_id: i === 0 ? null : FIRST + i - 1,
              author_name: `Reader ${i}`,
              body_text: `reply ${i}`,
              body_html: `<p>reply ${i}</p>`,
              status: 'approved' as const,
              created_at: time,
              updated_at: time,
            };
          }),
        )
        .execute();
    }
  });

  const page = async (query = '') => {
    const res = await app.request(`${ORIGIN}${post.path}${query}`);
    return { status: res.status, html: await res.text() };
  };

  it('renders a 10,000-deep reply chain, 200 a page, nested at most 5 deep', async () => {
    const first = await page();
    assert.equal(first.status, 200);
    assert.match(first.html, /10,?000 comments/);
    assert.match(first.html, /Page 1 of 50/);
    assert.equal((first.html.match(/class="comment-card"/g) ?? []).length, 200);
    assert.ok(nesting(first.html) <= 5, `nested ${nesting(first.html)} deep`);
    assert.match(first.html, /in reply to <a href="[^"]*\?showComment=1000005#c1000005">Reader 5<\/a>/);
    assert.match(first.html, /rel="next" href="[^"]*\?commentPage=2#comments"/);
    const last = await page('?commentPage=50');
    assert.equal(last.status, 200);
    assert.match(last.html, /id="c1009999"/);
    assert.match(last.html, /rel="prev"/);
  });

  it('opens the page holding ?showComment=ID', async () => {
    const shown = await page(`?showComment=${FIRST + 4321}`);
    assert.equal(shown.status, 200);
    assert.match(shown.html, /Page 22 of 50/);
    assert.match(shown.html, new RegExp(`id="c${FIRST + 4321}"`));
  });

  it('follows the "Reply depth shown" setting', async () => {
    await writeSettings(store.db, { commentReplyDepth: 2 });
    assert.ok(nesting((await page('?commentPage=3')).html) <= 2);
    await writeSettings(store.db, { commentReplyDepth: 5 });
  });

  it('keeps the replies of a deleted comment, and deletes a whole branch on request', async () => {
    await setCommentStatus(store.db, [FIRST + 1], 'deleted', moderator.user.id);
    const after = await page();
    assert.doesNotMatch(after.html, /id="c1000001"/);
    assert.match(after.html, /id="c1000002"/, 'the reply stays, under the nearest shown ancestor');
    const res = await app.request(`${ORIGIN}/admin/comments/moderate`, {
      method: 'POST',
      headers: moderator.headers,
      body: form(moderator, { one: `delete-thread:${FIRST + 9990}`, back: '/admin/comments' }),
    });
    assert.equal(res.status, 303);
    const left = await store.db
      .selectFrom('comments')
      .select(['id', 'status'])
      .where('id', '>=', FIRST + 9989)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      left.map((r) => r.status),
      ['approved', ...Array(10).fill('deleted')],
    );
    const log = await store.db
      .selectFrom('moderation_log')
      .select('comment_id')
      .where('to_status', '=', 'deleted')
      .execute();
    assert.equal(log.length, 11, 'each deletion is logged, so each can be restored');
  });

  it('shows the staff a deep thread in context without failing', async () => {
    const res = await app.request(`${ORIGIN}/admin/comments/${FIRST + 500}`, { headers: moderator.headers });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Delete with its replies/);
  });
});
