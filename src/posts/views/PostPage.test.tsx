// The post page and the listings keep the lang attribute they worked out for a post's text; an
// edit (the same post id, other words) must change it at once.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../settings/settings.ts';
import type { Post } from '../../storage/schema.ts';
import { PostPage } from './PostPage.tsx';
import { PostSummary } from './PostSummary.tsx';

const chrome = { settings: DEFAULT_SETTINGS, sidebar: { archive: [], labels: [], sources: [] }, pages: [] };

const post = (title: string, body: string) =>
  ({
    id: 7,
    kind: 'post',
    status: 'published',
    title,
    slug: 'p',
    path: '/2026/12/p.html',
    body_html: body,
    body_source: null,
    excerpt: '',
    author_id: null,
    published_at: '2026-12-01T00:00:00.000Z',
    published_zone: null,
    created_at: '2026-12-01T00:00:00.000Z',
    updated_at: '2026-12-01T00:00:00.000Z',
    trashed_at: null,
    comment_policy: null,
    image_src: null,
    image_alt: null,
    image_caption: null,
    image_credit: null,
    image_media_id: null,
    source_title: null,
    source_authors: '[]',
    source_outlet: null,
    source_date: null,
    source_url: null,
    external_id: null,
    import_hash: null,
  }) as Post;

const articleLang = (p: Post) => {
  const html = String(<PostPage chrome={chrome} data={{ post: p, labels: [], canonical: 'http://x/' }} />);
  return /<article class="post h-entry" data-post-id="7"(?: lang="([^"]+)")?>/.exec(html)?.[1] ?? 'none';
};

it("follows an edit of the post's text, though it keeps what it worked out", () => {
  const khmer = post('ព័ត៌មាន', '<p>រដ្ឋាភិបាលកម្ពុជាបានប្រកាសថា</p>');
  assert.equal(articleLang(khmer), 'km');
  assert.equal(articleLang(khmer), 'km');
  assert.equal(
    articleLang(post('ព័ត៌មាន', '<p>The government said on Monday that the vote would go ahead.</p>')),
    'none',
  );
  assert.equal(articleLang(post('News', '<p>The government said.</p>')), 'none');
  assert.equal(articleLang(post('News', '<p>រដ្ឋាភិបាលកម្ពុជាបានប្រកាសថា</p>')), 'km');
  assert.equal(articleLang(post('ព័ត៌មានថ្មីៗពីភ្នំពេញ', '<p>Short.</p>')), 'km', 'the title counts too');
});

it("follows an edit of a listed post's title and excerpt", () => {
  const summaryLang = (title: string, excerpt: string) => {
    const html = String(<PostSummary post={{ ...post(title, ''), excerpt }} labels={[]} comments={0} />);
    return /<article class="summary"(?: lang="([^"]+)")?>/.exec(html)?.[1] ?? 'none';
  };
  assert.equal(summaryLang('ព័ត៌មាន', 'រដ្ឋាភិបាលកម្ពុជាបានប្រកាសថា'), 'km');
  assert.equal(summaryLang('ព័ត៌មាន', 'រដ្ឋាភិបាលកម្ពុជាបានប្រកាសថា'), 'km');
  assert.equal(summaryLang('ព័ត៌មាន', 'The government said on Monday that the vote would go ahead.'), 'none');
  assert.equal(summaryLang('ព័ត៌មានថ្មីៗពីភ្នំពេញ', 'Short.'), 'km');
});
