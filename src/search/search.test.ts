// Search on both databases: what matches, the filters, paging and ranking, and an index that
// follows every write (edits, unpublishing, trash, deletion, batches, reindex).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createPost, updatePost } from '../posts/save.ts';
import type { Post } from '../storage/schema.ts';
import { indexPosts, reindexAll, removeFromIndex } from './indexer.ts';
import { RANK_WINDOW, search, searchPostIds } from './search.ts';

const ZONE = 'Asia/Phnom_Penh';

eachDatabase('search', (store) => {
  const posts = new Map<string, Post>();
  const ids = async (q: string, options: { label?: string; year?: number; limit?: number } = {}) =>
    (await searchPostIds(store().db, { q, limit: 50, ...options })).ids;
  const id = (name: string) => posts.get(name)!.id;
  const sorted = (list: number[]) => [...list].sort((a, b) => a - b);

  before(async () => {
    const add = async (
      name: string,
      title: string,
      body: string,
      extra: Partial<Parameters<typeof createPost>[1]> = {},
    ) => posts.set(name, await createPost(store().db, { title, bodyHtml: body, ...extra }, ZONE));
    await add(
      'bridge',
      'Japan pledges aid for a new bridge',
      '<p>The government of Japan will fund the bridge in Phnom Penh.</p>',
      {
        publishedAt: '2017-07-31T03:00:00Z',
        labels: ['Japan', 'Infrastructure'],
        source: { outlet: 'Khmer Times', authors: ['Mech Dara'], title: 'Tokyo funds Mekong crossing' },
      },
    );
    await add(
      'assembly',
      'Assembly votes',
      '<p>The National Assembly voted on the budget. <span class="editor-note">Our note: a record</span></p>',
      {
        publishedAt: '2018-03-01T03:00:00Z',
        labels: ['Elections'],
      },
    );
    await add(
      'commune',
      'Commune elections',
      '<p>Voters chose commune chiefs; the assembly was not involved.</p>',
      {
        publishedAt: '2017-06-04T03:00:00Z',
        labels: ['Elections'],
      },
    );
    await add('khmer', 'ការបោះឆ្នោត', '<p>នៅ\u200bខេត្តបាត់ដំបង ប្រទេសកម្ពុជា​និង​ថៃ​បាន​ចុះហត្ថលេខា។</p>', {
      publishedAt: '2019-01-10T03:00:00Z',
      labels: ['Khmer'],
    });
    await add('draft', 'Draft about Japan', '<p>Japan bridge draft</p>', { status: 'draft' });
    await add('page', 'About Japan', '<p>Japan bridge page</p>', { kind: 'page' });
  });

  it('finds every word anywhere: title, body, editor’s notes, source, labels', async () => {
    assert.deepEqual(await ids('japan bridge'), [id('bridge')]);
    assert.deepEqual(await ids('record'), [id('assembly')], 'words in an editor’s note');
    assert.deepEqual(await ids('mech dara'), [id('bridge')], 'the source’s author');
    assert.deepEqual(await ids('mekong crossing'), [id('bridge')], 'the original title');
    assert.deepEqual(await ids('infrastructure'), [id('bridge')], 'a label');
    assert.deepEqual(await ids('JAPAN Bridge'), [id('bridge')], 'any case');
    assert.deepEqual(await ids('japan typhoon'), [], 'every word must be there');
  });

  it('matches "phrases" side by side and leaves out -excluded words and phrases', async () => {
    assert.deepEqual(await ids('"national assembly"'), [id('assembly')]);
    assert.deepEqual(await ids('"assembly national"'), []);
    assert.deepEqual(sorted(await ids('assembly')), sorted([id('assembly'), id('commune')]));
    assert.deepEqual(await ids('assembly -commune'), [id('assembly')]);
    assert.deepEqual(await ids('assembly -"national assembly"'), [id('commune')]);
    assert.deepEqual(await ids('-assembly'), [], 'exclusions alone ask for nothing');
  });

  it('finds Khmer words inside unspaced text, fused or not, and mixed with Latin words', async () => {
    for (const q of ['បាត់ដំបង', 'ខេត្ត', 'កម្ពុជា', 'ដំបង', 'ថៃ', 'នៅ', '"ខេត្ត បាត់ដំបង"', 'khmer ថៃ', 'បោះឆ្នោត']) {
      assert.deepEqual(await ids(q), [id('khmer')], q);
    }
    assert.deepEqual(await ids('ក'), [id('khmer')], 'one letter');
    assert.deepEqual(await ids('ញ'), [], 'a letter no post has');
    assert.deepEqual(await ids('ថៃ -បាត់ដំបង'), []);
    assert.deepEqual(await ids('japan -ថៃ'), [id('bridge')]);
    assert.deepEqual(await ids('ភ្នំពេញ'), []);
  });

  it('filters by label and by year', async () => {
    assert.deepEqual(
      sorted(await ids('elections', { label: 'Elections' })),
      sorted([id('assembly'), id('commune')]),
    );
    assert.deepEqual(await ids('assembly', { label: 'Elections', year: 2018 }), [id('assembly')]);
    assert.deepEqual(await ids('assembly', { year: 2017 }), [id('commune')]);
    assert.deepEqual(await ids('ខេត្ត', { year: 2019, label: 'Khmer' }), [id('khmer')]);
    assert.deepEqual(await ids('ខេត្ត', { year: 2018 }), []);
    assert.deepEqual(await ids('assembly', { label: 'No such label' }), []);
  });

  it('never shows drafts, pages or posts in the trash, and never fails on odd syntax', async () => {
    assert.deepEqual(await ids('draft'), []);
    assert.deepEqual(await ids('about'), []);
    for (const q of [
      '"',
      '-',
      'japan AND (bridge OR',
      'NEAR(japan bridge)',
      'japan*',
      'title:japan',
      '^japan',
      "'--",
      '"" -""',
      'ក"ខ',
      '\u0000',
      'a'.repeat(300),
    ]) {
      const result = await search(store().db, { q });
      assert.ok(result.total >= 0, q);
    }
    assert.deepEqual(await ids('japan AND bridge'), [], '"and" is a word here, and no post has it');
    assert.deepEqual(await ids('japan*'), [id('bridge')], 'the star is punctuation');
  });

  it('keeps the index current: edits, unpublishing, trash, deletion, removeFromIndex and reindex', async () => {
    const { db } = store();
    const post = await createPost(
      db,
      { title: 'Rubber prices fall', bodyHtml: '<p>Rubber is cheap.</p>' },
      ZONE,
    );
    assert.deepEqual(await ids('rubber'), [post.id]);
    await updatePost(db, post.id, { title: 'Cassava prices fall', bodyHtml: '<p>Cassava is cheap.</p>' });
    assert.deepEqual(await ids('rubber'), []);
    assert.deepEqual(await ids('cassava'), [post.id]);
    await updatePost(db, post.id, { title: 'Cassava prices fall', bodyHtml: '<p>x</p>', status: 'draft' });
    assert.deepEqual(await ids('cassava'), []);
    await updatePost(db, post.id, { title: 'Cassava prices fall', bodyHtml: '<p>x</p>' });
    assert.deepEqual(await ids('cassava'), [post.id]);
    // An UPDATE from anywhere that trashes a post takes it out (a database trigger).
    await db
      .updateTable('posts')
      .set({ trashed_at: new Date().toISOString() })
      .where('id', '=', post.id)
      .execute();
    assert.deepEqual(await ids('cassava'), []);
    // Restored (or published on schedule) by an UPDATE from anywhere: queued, indexed by the next search.
    await db.updateTable('posts').set({ trashed_at: null }).where('id', '=', post.id).execute();
    assert.deepEqual(await ids('cassava'), [post.id]);
    await db.updateTable('posts').set({ status: 'scheduled' }).where('id', '=', post.id).execute();
    assert.deepEqual(await ids('cassava'), []);
    await db
      .updateTable('posts')
      .set({ status: 'published', title: 'Tapioca prices fall' })
      .where('id', '=', post.id)
      .execute();
    assert.deepEqual(await ids('tapioca'), [post.id]);
    assert.equal((await db.selectFrom('search_queue').selectAll().execute()).length, 0);
    await removeFromIndex(db, post.id);
    assert.deepEqual(await ids('tapioca'), []);
    const { indexed } = await reindexAll(db);
    assert.equal(indexed, 5);
    assert.deepEqual(await ids('tapioca'), [post.id]);
    await db.deleteFrom('posts').where('id', '=', post.id).execute();
    assert.deepEqual(await ids('tapioca'), []);
    const rows = await db.selectFrom('search_documents').select('post_id').execute();
    assert.equal(rows.length, 4);
  });

  it('ranks title matches first, then labels and source, then newest; pages with more', async () => {
    const { db } = store();
    const base = Date.UTC(2020, 0, 1);
    const rows = Array.from({ length: RANK_WINDOW + 20 }, (_, i) => {
      const at = new Date(base + i * 3_600_000).toISOString();
      return {
        kind: 'post' as const,
        status: 'published' as const,
        // The oldest and one in the middle have the word in their title.
        title: i === 0 || i === 150 ? `Tonle Sap fishery report ${i}` : `Weekly digest ${i}`,
        slug: `digest-${i}`,
        path: `/2020/01/digest-${i}.html`,
        body_html: `<p>Catches on the fishery fell in week ${i}. ត្រីធំៗ${i % 2 ? 'នៅបឹង' : ''}</p>`,
        excerpt: '',
        published_at: at,
        created_at: at,
        updated_at: at,
        source_authors: '[]',
      };
    });
    const inserted: Post[] = [];
    for (let i = 0; i < rows.length; i += 100) {
      inserted.push(
        ...(await db
          .insertInto('posts')
          .values(rows.slice(i, i + 100))
          .returningAll()
          .execute()),
      );
    }
    await indexPosts(db, inserted);
    const page1 = await search(db, { q: 'fishery', limit: 5 });
    assert.equal(page1.total, RANK_WINDOW + 20);
    assert.equal(page1.more, true);
    // Among the newest RANK_WINDOW, the title match leads; then the newest body matches.
    assert.equal(page1.results[0]!.post.title, 'Tonle Sap fishery report 150');
    assert.deepEqual(
      page1.results.slice(1).map((r) => r.post.title),
      [RANK_WINDOW + 19, RANK_WINDOW + 18, RANK_WINDOW + 17, RANK_WINDOW + 16].map(
        (n) => `Weekly digest ${n}`,
      ),
    );
    assert.deepEqual(
      page1.results[0]!.title.filter((p) => p.mark).map((p) => p.text),
      ['fishery'],
    );
    // Past the ranked window, older matches follow newest first; the last page has the oldest.
    const last = await search(db, { q: 'fishery', limit: 5, offset: RANK_WINDOW + 15 });
    assert.equal(last.more, false);
    assert.equal(last.results.at(-1)!.post.title, 'Tonle Sap fishery report 0');
    const byDate = await search(db, { q: 'fishery', limit: 2, byDate: true });
    assert.deepEqual(
      byDate.results.map((r) => r.post.title),
      [`Weekly digest ${RANK_WINDOW + 19}`, `Weekly digest ${RANK_WINDOW + 18}`],
    );
    // Every match exactly once across all pages.
    const seen = new Set<number>();
    for (let offset = 0; ; offset += 50) {
      const page = await searchPostIds(db, { q: 'fishery', limit: 50, offset });
      for (const x of page.ids) seen.add(x);
      if (!page.more) break;
    }
    assert.equal(seen.size, RANK_WINDOW + 20);
    // English words and Khmer substrings together: both indexes, merged newest first.
    const mixed = new Set<number>();
    for (let offset = 0; ; offset += 50) {
      const page = await searchPostIds(db, { q: 'fishery ត្រីធំ', limit: 50, offset });
      for (const x of page.ids) mixed.add(x);
      if (!page.more) break;
    }
    assert.equal(mixed.size, RANK_WINDOW + 20);
    assert.equal((await searchPostIds(db, { q: 'fishery នៅបឹង' })).total, (RANK_WINDOW + 20) / 2);
    const reports = await search(db, { q: 'fishery ត្រីធំ -digest' });
    assert.deepEqual(
      reports.results.map((r) => r.post.title),
      ['Tonle Sap fishery report 150', 'Tonle Sap fishery report 0'],
    );
    assert.deepEqual(
      (await search(db, { q: 'report នៅបឹង', year: 2020 })).results.map((r) => r.post.title),
      [],
      'both reports are in even weeks',
    );
    // Even weeks lack នៅបឹង; two of them (0 and 150) are the reports, not digests.
    assert.equal((await searchPostIds(db, { q: 'digest -នៅបឹង' })).total, (RANK_WINDOW + 20) / 2 - 2);
  });
});
