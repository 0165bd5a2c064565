import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { archiveCounts, findPublicByPath, labelCounts, labelsOf, listPosts } from './queries.ts';
import { createPost, PostInputError, updatePost } from './save.ts';

const ZONE = 'Asia/Phnom_Penh';

eachDatabase('saving posts', (store) => {
  it('gives a post its Blogger path in the blog time zone', async () => {
    // 20:00 UTC on 31 July is 03:00 on 1 August in Phnom Penh: the path follows the blog's zone.
    const post = await createPost(
      store().db,
      { title: 'Hun Sen to visit Japan', bodyHtml: '<p>Text</p>', publishedAt: '2017-07-31T20:00:00Z' },
      ZONE,
    );
    assert.equal(post.path, '/2017/08/hun-sen-to-visit-japan.html');
    assert.equal(post.status, 'published');
    assert.equal(post.excerpt, 'Text');
  });

  it('suffixes a path that is taken, as Blogger does', async () => {
    const input = { title: 'Same title', bodyHtml: '<p>a</p>', publishedAt: '2018-03-05T10:00:00Z' };
    const a = await createPost(store().db, input, ZONE);
    const b = await createPost(store().db, input, ZONE);
    assert.equal(a.path, '/2018/03/same-title.html');
    assert.equal(b.path, '/2018/03/same-title_2.html');
  });

  it('keeps an imported path as given, and pages under /p/', async () => {
    const kept = await createPost(
      store().db,
      {
        title: 'Old',
        bodyHtml: '<p>x</p>',
        path: '/2010/01/old-url.html',
        publishedAt: '2010-01-02T00:00:00Z',
      },
      ZONE,
    );
    assert.equal(kept.path, '/2010/01/old-url.html');
    const page = await createPost(
      store().db,
      { kind: 'page', title: 'About us', bodyHtml: '<p>Hi</p>' },
      ZONE,
    );
    assert.equal(page.path, '/p/about-us.html');
  });

  it('sanitises bodies but keeps editor notes, images and safe embeds', async () => {
    const post = await createPost(
      store().db,
      {
        title: 'Unsafe',
        bodyHtml:
          '<p onclick="x()">Hi<script>alert(1)</script></p><aside class="editor-note"><p>Mine</p></aside>' +
          '<img src="javascript:alert(1)"><img src="https://example.org/a.jpg" alt="A">' +
          '<iframe src="https://www.youtube.com/embed/x"></iframe><iframe src="https://evil.example/"></iframe>',
      },
      ZONE,
    );
    assert.doesNotMatch(post.body_html, /script|onclick|javascript:|evil/);
    assert.match(post.body_html, /<aside class="editor-note"><p>Mine<\/p><\/aside>/);
    assert.match(post.body_html, /<img src="https:\/\/example.org\/a.jpg" alt="A"/);
    assert.match(post.body_html, /youtube\.com\/embed/);
    assert.equal(post.excerpt, 'Hi', 'the excerpt leaves out editor notes');
  });

  it('keeps labels in step and counts them', async () => {
    const post = await createPost(
      store().db,
      { title: 'Labelled', bodyHtml: '<p>x</p>', labels: ['Japan', 'Cambodia', 'Japan', ' '] },
      ZONE,
    );
    assert.deepEqual((await labelsOf(store().db, [post.id])).get(post.id), ['Cambodia', 'Japan']);
    await updatePost(store().db, post.id, { title: 'Labelled', bodyHtml: '<p>x</p>', labels: ['Cambodia'] });
    assert.deepEqual((await labelsOf(store().db, [post.id])).get(post.id), ['Cambodia']);
    const counts = await labelCounts(store().db);
    assert.deepEqual(
      counts.find((l) => l.name === 'Cambodia'),
      { name: 'Cambodia', count: 1 },
    );
    assert.equal(
      counts.find((l) => l.name === 'Japan'),
      undefined,
      'a label no published post carries is not listed',
    );
  });

  it('refuses a post with neither title nor body, and a date that is not one', async () => {
    await assert.rejects(createPost(store().db, { title: ' ', bodyHtml: '' }, ZONE), PostInputError);
    await assert.rejects(
      createPost(store().db, { title: 'x', bodyHtml: 'y', publishedAt: 'yesterday-ish' }, ZONE),
      /Not a date/,
    );
  });

  it('hides drafts and scheduled posts from public listings and paths', async () => {
    const draft = await createPost(
      store().db,
      { title: 'Secret draft', bodyHtml: '<p>x</p>', status: 'draft' },
      ZONE,
    );
    assert.equal(await findPublicByPath(store().db, draft.path), undefined);
    const { posts } = await listPosts(store().db, { limit: 100 });
    assert.ok(!posts.some((p) => p.id === draft.id));
  });

  it('pages newest first with older and newer links, and counts months', async () => {
    const db = store().db;
    for (let i = 1; i <= 5; i++) {
      await createPost(
        db,
        {
          title: `Paging ${i}`,
          bodyHtml: '<p>x</p>',
          publishedAt: `2001-0${i}-10T00:00:00Z`,
          labels: ['paging'],
        },
        'UTC',
      );
    }
    const first = await listPosts(db, { limit: 2 }, 'paging');
    assert.deepEqual(
      first.posts.map((p) => p.title),
      ['Paging 5', 'Paging 4'],
    );
    assert.equal(first.hasOlder, true);
    assert.equal(first.hasNewer, false);
    const second = await listPosts(db, { limit: 2, before: first.posts[1]!.published_at }, 'paging');
    assert.deepEqual(
      second.posts.map((p) => p.title),
      ['Paging 3', 'Paging 2'],
    );
    assert.equal(second.hasOlder, true);
    assert.equal(second.hasNewer, true);
    const back = await listPosts(db, { limit: 2, after: second.posts[0]!.published_at }, 'paging');
    assert.deepEqual(
      back.posts.map((p) => p.title),
      ['Paging 5', 'Paging 4'],
    );
    assert.equal(back.hasNewer, false);
    const months = await archiveCounts(db);
    assert.deepEqual(
      months.filter((m) => m.year === '2001').map((m) => `${m.month}:${m.count}`),
      ['05:1', '04:1', '03:1', '02:1', '01:1'],
    );
  });
});

eachDatabase('addresses of titles without Latin letters', (store) => {
  it('gives them Blogger’s blog-post.html, then blog-post_2.html', async () => {
    const input = {
      title: 'សម្ដេចតេជោ ហ៊ុន សែន អញ្ជើញទៅប្រទេសជប៉ុន',
      bodyHtml: '<p>អត្ថបទ</p>',
      publishedAt: '2018-03-05T10:00:00Z',
    };
    const a = await createPost(store().db, input, ZONE);
    const b = await createPost(store().db, input, ZONE);
    const page = await createPost(store().db, { ...input, kind: 'page' }, ZONE);
    assert.equal(a.path, '/2018/03/blog-post.html');
    assert.equal(b.path, '/2018/03/blog-post_2.html');
    assert.equal(page.path, '/p/blog-page.html');
  });
});
