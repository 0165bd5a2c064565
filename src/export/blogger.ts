// `gloss export blogger`: the blog as a Blogger "Back up content" Atom file, which Blogger (and
// every Blogger importer, Gloss's own included) reads: settings, posts and pages with their labels,
// drafts under app:control, comments tied to their post by thr:in-reply-to and to their parent by
// a rel="related" link. Posts that came from Blogger keep their Blogger ids; others get ids under
// this blog's own id (kept in the settings, so they stay the same from one export to the next).
// What Blogger's classic format cannot say is written with Takeout's blogger: elements, which
// Blogger ignores and Gloss reads back: a trashed post, and (only when asked, since Blogger would
// publish them) comments that are pending, spam or deleted.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { dateFormat } from '../lib/dates.ts';
import { htmlToText } from '../lib/html.ts';
import { getSetting, putSetting, readSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';
import type { Comment, Database, Post } from '../storage/schema.ts';
import { readSnapshot } from '../storage/snapshot.ts';
import { writeFileAtomically } from './file-writer.ts';
import { labelNames, labelsOf, pages } from './rows.ts';

const KIND = 'http://schemas.google.com/g/2005#kind';
const KIND_TERM = 'http://schemas.google.com/blogger/2008/kind#';
const LABEL_SCHEME = 'http://www.blogger.com/atom/ns#';
const BLOG_ID_SETTING = 'export.bloggerBlogId';
/** Added to comment ids so they never meet post ids under the same blog id. */
const COMMENT_OFFSET = 1_000_000_000_000_000;

export interface BloggerExportOptions {
  /** The blog's public address, for the alternate links (default: GLOSS_BASE_URL or a placeholder). */
  baseUrl: string;
  /**
   * Also export comments that are pending, spam or deleted (marked with blogger: elements, which
   * Gloss reads back but Blogger ignores: Blogger would publish them). Off by default.
   */
  allComments?: boolean;
  /** The clock that dates the feed and its settings entries. */
  now?: () => Date;
}

export async function exportBloggerFile(store: Store, file: string, options: BloggerExportOptions) {
  return writeFileAtomically(file, (write) => exportBlogger(store, write, options));
}

export async function exportBlogger(
  store: Store,
  write: (text: string) => void,
  options: BloggerExportOptions,
): Promise<{ posts: number; pages: number; comments: number }> {
  const blogId = await ownBlogId(store.db);
  return readSnapshot(store, async (db) => {
    const settings = await readSettings(db);
    const base = options.baseUrl.replace(/\/+$/, '');
    const zoneOf = (iso: string, zone: string | null) => zone ?? offsetIn(iso, settings.timeZone);
    const stamp = (iso: string, zone: string | null) => atomTime(iso, zoneOf(iso, zone));
    const now = (options.now?.() ?? new Date()).toISOString();
    const feedBase = `https://www.blogger.com/feeds/${blogId}`;
    const counts = { posts: 0, pages: 0, comments: 0 };
    write(
      `<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0' xmlns:app='http://purl.org/atom/app#' xmlns:blogger='http://schemas.google.com/blogger/2018'>\n`,
    );
    write(`<id>tag:blogger.com,1999:blog-${blogId}.archive</id><updated>${stamp(now, null)}</updated>`);
    write(`<title type='text'>${x(settings.title)}</title>`);
    write(`<link rel='alternate' type='text/html' href='${x(base)}/'/>`);
    write(`<generator version='0.1' uri='https://github.com/'>Gloss</generator>\n`);
    const blogSettings: [string, string][] = [
      ['BLOG_NAME', settings.title],
      ['BLOG_DESCRIPTION', settings.description],
      ['BLOG_TIME_ZONE', settings.timeZone],
      ['BLOG_LOCALE', settings.language.replace('-', '_')],
      ['BLOG_MAX_NUM', String(settings.postsPerPage)],
      ['BLOG_MAX_UNIT', 'POSTS'],
      ['BLOG_COMMENTS_ALLOWED', String(settings.commentPolicy !== 'closed')],
      ['BLOG_COMMENT_MODERATION', settings.commentPolicy === 'moderated' ? 'ENABLED' : 'DISABLED'],
    ];
    for (const [name, value] of blogSettings) {
      write(
        `<entry><id>tag:blogger.com,1999:blog-${blogId}.settings.${name}</id><published>${stamp(now, null)}</published><updated>${stamp(now, null)}</updated>${kind('settings')}<title type='text'>${name}</title><content type='text'>${x(value)}</content></entry>\n`,
      );
    }

    const users = new Map(
      (await db.selectFrom('users').select(['id', 'name', 'profile_url']).execute()).map((u) => [u.id, u]),
    );
    const names = await labelNames(db);
    /** post id → its entry id and public URL, for the comments that follow. */
    const postRefs = new Map<number, { entryId: string; number: string; blog: string; url: string }>();

    for await (const page of pages(db, 'posts', 'id')) {
      const posts = page as Post[];
      const ids = posts.map((p) => p.id);
      const labels = await labelsOf(db, ids, names);
      const totals = new Map(
        (
          await db
            .selectFrom('comments')
            .select(['post_id', (eb) => eb.fn.countAll<number>().as('n')])
            .where('post_id', 'in', ids)
            .where('status', '=', 'approved')
            .groupBy('post_id')
            .execute()
        ).map((r) => [r.post_id, Number(r.n)]),
      );
      for (const post of posts) {
        const ref = postEntryRef(post, blogId, base);
        postRefs.set(post.id, ref);
        write(
          postEntry(post, ref, labels.get(post.id) ?? [], totals.get(post.id) ?? 0, users, stamp, feedBase),
        );
        if (post.kind === 'page') counts.pages++;
        else counts.posts++;
      }
    }

    /** comment id → its blog id and number, for rel="related" links of replies. */
    const commentRefs = new Map<number, { blog: string; number: string }>();
    for await (const page of pages(db, 'comments', 'id')) {
      const all = page as Comment[];
      const comments = options.allComments ? all : all.filter((c) => c.status === 'approved');
      for (const c of comments) commentRefs.set(c.id, commentRef(c, blogId));
      // Parents of these comments may come later (imports keep the source's order): look them up.
      const missing = [
        ...new Set(
          comments.map((c) => c.parent_id).filter((p): p is number => p !== null && !commentRefs.has(p)),
        ),
      ];
      if (missing.length) {
        for (const p of await db
          .selectFrom('comments')
          .select(['id', 'external_id'])
          .where('id', 'in', missing)
          .execute()) {
          commentRefs.set(p.id, commentRef(p, blogId));
        }
      }
      for (const c of comments) {
        const post = postRefs.get(c.post_id);
        if (!post) continue;
        write(commentEntry(c, commentRefs, post, stamp));
        counts.comments++;
      }
    }
    write('</feed>\n');
    return counts;
  });
}

type Stamp = (iso: string, zone: string | null) => string;

function postEntryRef(post: Post, blogId: string, base: string) {
  const m = /^tag:blogger\.com,1999:blog-(\d+)\.(post|page)-(\d+)$/.exec(post.external_id ?? '');
  const entryId = m
    ? post.external_id!
    : `tag:blogger.com,1999:blog-${blogId}.${post.kind === 'page' ? 'page' : 'post'}-${post.id}`;
  return { entryId, blog: m?.[1] ?? blogId, number: m?.[3] ?? String(post.id), url: `${base}${post.path}` };
}

function commentRef(c: Pick<Comment, 'id' | 'external_id'>, blogId: string) {
  const m = /^tag:blogger\.com,1999:blog-(\d+)\.post-(\d+)$/.exec(c.external_id ?? '');
  return m ? { blog: m[1]!, number: m[2]! } : { blog: blogId, number: String(COMMENT_OFFSET + c.id) };
}

function postEntry(
  post: Post,
  ref: { entryId: string; number: string; url: string },
  labels: string[],
  total: number,
  users: Map<number, { name: string; profile_url: string | null }>,
  stamp: Stamp,
  feedBase: string,
): string {
  const author = post.author_id ? users.get(post.author_id) : undefined;
  const draft = post.status === 'draft';
  const parts = [
    `<entry><id>${ref.entryId}</id>`,
    `<published>${stamp(post.published_at, post.published_zone)}</published>`,
    `<updated>${stamp(post.updated_at, post.published_zone)}</updated>`,
    draft ? `<app:control><app:draft>yes</app:draft></app:control>` : '',
    post.status === 'scheduled' ? `<blogger:status>SCHEDULED</blogger:status>` : '',
    post.trashed_at ? `<blogger:trashed/>` : '',
    kind(post.kind),
    ...[...labels].sort().map((l) => `<category scheme='${LABEL_SCHEME}' term='${x(l)}'/>`),
    `<title type='text'>${x(post.title)}</title>`,
    `<content type='html'>${x(post.body_html)}</content>`,
    `<link rel='edit' type='application/atom+xml' href='${feedBase}/posts/default/${ref.number}'/>`,
    `<link rel='self' type='application/atom+xml' href='${feedBase}/posts/default/${ref.number}'/>`,
    `<link rel='alternate' type='text/html' href='${x(ref.url)}' title='${x(post.title)}'/>`,
    author
      ? `<author><name>${x(author.name)}</name>${author.profile_url ? `<uri>${x(author.profile_url)}</uri>` : ''}<email>noreply@blogger.com</email></author>`
      : '',
    post.kind === 'post' ? `<thr:total>${total}</thr:total>` : '',
    '</entry>\n',
  ];
  return parts.join('');
}

function commentEntry(
  c: Comment,
  refs: Map<number, { blog: string; number: string }>,
  post: { entryId: string; number: string; blog: string; url: string },
  stamp: Stamp,
): string {
  const own = refs.get(c.id)!;
  const parent = c.parent_id === null ? undefined : refs.get(c.parent_id);
  const text = htmlToText(c.body_html).replace(/\s+/g, ' ').trim();
  const title = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  const feed = `https://www.blogger.com/feeds/${own.blog}`;
  const status =
    c.status === 'approved'
      ? ''
      : c.status === 'deleted'
        ? `<blogger:trashed/>`
        : `<blogger:status>${c.status === 'spam' ? 'SPAM' : 'PENDING'}</blogger:status>`;
  return [
    `<entry><id>tag:blogger.com,1999:blog-${own.blog}.post-${own.number}</id>`,
    `<published>${stamp(c.created_at, null)}</published><updated>${stamp(c.updated_at, null)}</updated>`,
    status,
    kind('comment'),
    `<title type='text'>${x(title)}</title>`,
    `<content type='html'>${x(c.body_html)}</content>`,
    `<link rel='edit' type='application/atom+xml' href='${feed}/${post.number}/comments/default/${own.number}'/>`,
    `<link rel='self' type='application/atom+xml' href='${feed}/${post.number}/comments/default/${own.number}'/>`,
    `<link rel='alternate' type='text/html' href='${x(post.url)}?showComment=${Date.parse(c.created_at)}#c${own.number}' title=''/>`,
    parent
      ? `<link rel='related' type='application/atom+xml' href='https://www.blogger.com/feeds/${parent.blog}/${post.number}/comments/default/${parent.number}'/>`
      : '',
    `<author><name>${x(c.author_name)}</name>${c.author_url ? `<uri>${x(c.author_url)}</uri>` : ''}<email>noreply@blogger.com</email></author>`,
    `<thr:in-reply-to href='${x(post.url)}' ref='${post.entryId}' source='https://www.blogger.com/feeds/${post.blog}/posts/default/${post.number}' type='text/html'/>`,
    '</entry>\n',
  ].join('');
}

function kind(name: string): string {
  return `<category scheme='${KIND}' term='${KIND_TERM}${name}'/>`;
}

/** XML text and single-quoted attribute escaping; drops characters XML 1.0 cannot carry. */
function x(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&apos;');
}

/** "2017-07-31T14:05:00.000+07:00": the instant at the given offset. */
function atomTime(iso: string, zone: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const wall = new Date(Date.parse(iso) + minutes * 60000).toISOString().slice(0, 23);
  return `${wall}${m ? zone : 'Z'}`;
}

/** The offset of a time zone at an instant ("+07:00"). */
function offsetIn(iso: string, timeZone: string): string {
  const parts = dateFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(iso));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}:\d{2})?/.exec(name);
  return m?.[1] ?? '+00:00';
}

/** This blog's Blogger-style id: made once, kept in the settings (and so in JSON exports). */
async function ownBlogId(db: Kysely<Database>): Promise<string> {
  const known = await getSetting<string>(db, BLOG_ID_SETTING);
  if (known) return known;
  const id = `${randomInt(1, 10)}${Array.from({ length: 18 }, () => randomInt(0, 10)).join('')}`;
  await putSetting(db, BLOG_ID_SETTING, id);
  return id;
}
