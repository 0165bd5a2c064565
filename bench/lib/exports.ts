// Writes the hostile exports the benches import: a Blogger "Back up content" Atom file or a
// WordPress WXR file holding posts with a body of any size (streamed to disk, never held whole)
// and any number of comments, some replying to an earlier one. Deterministic: same input, same bytes.
import fs from 'node:fs';

export interface ExportPost {
  /** A stable number: the post's id in the export. */
  id: number;
  title: string;
  /** When the post was published (UTC). */
  published: Date;
  labels: string[];
  /** The body's size in bytes of HTML, drawn as paragraphs with links and emphasis. */
  bodyBytes: number;
  comments: number;
}

const WORDS = (
  'the council ministers commerce phnom penh province report minister said monday agreement peace ' +
  'accords election river rice harvest border trade market school road bridge village hospital ' +
  'court assembly garment factory workers union wage tourism temple angkor mekong flood season'
).split(' ');

/** Numbers in [0, 1) drawn from `seed` (mulberry32): the same seed, the same numbers. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A paragraph of about `bytes` bytes, drawn from `seed`. */
function paragraph(seed: number, bytes: number): string {
  const next = mulberry32(seed);
  const parts: string[] = [];
  let size = 7;
  while (size < bytes) {
    const word = WORDS[Math.floor(next() * WORDS.length)]!;
    const r = next();
    const piece =
      r < 0.02
        ? `<a href="https://news.example/${word}/${Math.floor(next() * 1e6)}">${word}</a>`
        : r < 0.04
          ? `<b>${word}</b>`
          : word;
    parts.push(piece);
    size += piece.length + 1;
  }
  return `<p>${parts.join(' ')}</p>`;
}

/** The body's HTML in pieces of about 64 KB. */
function* bodyChunks(post: ExportPost): Generator<string> {
  let written = 0;
  let n = 0;
  while (written < post.bodyBytes) {
    const chunk: string[] = [];
    let size = 0;
    while (size < 64 * 1024 && written + size < post.bodyBytes) {
      const p = paragraph(post.id * 100003 + n++, Math.min(600, post.bodyBytes - written - size));
      chunk.push(p);
      size += p.length + 1;
    }
    written += size;
    yield chunk.join('\n');
  }
}

function commentText(postId: number, k: number): string {
  return paragraph(postId * 7919 + k, 120 + ((k * 37) % 400))
    .replace(/<[^>]+>/g, '')
    .trim();
}

/** A reply to an earlier comment for one comment in five: Blogger and WordPress both thread. */
function parentOf(k: number): number | null {
  return k > 0 && k % 5 === 0 ? Math.floor((k * 7) / 11) : null;
}

const xesc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

class Out {
  private fd: number;
  bytes = 0;
  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }
  write(text: string) {
    const buf = Buffer.from(text);
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
  }
  close(): number {
    fs.closeSync(this.fd);
    return this.bytes;
  }
}

const BLOG = '8145601991732056398';
const TAG = `tag:blogger.com,1999:blog-${BLOG}`;
const HOST = 'https://hostile-export.blogspot.com';
const FEEDS = `https://www.blogger.com/feeds/${BLOG}`;
const kind = (k: string) =>
  `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#${k}'/>`;
const OWNER = `<author><name>Clippings Editor</name><email>noreply@blogger.com</email></author>`;

function postPath(post: ExportPost): string {
  const y = post.published.getUTCFullYear();
  const m = String(post.published.getUTCMonth() + 1).padStart(2, '0');
  return `/${y}/${m}/hostile-post-${post.id}.html`;
}

const commentDate = (post: ExportPost, k: number) => new Date(post.published.getTime() + (k + 1) * 60_000);

/** A Blogger export of the posts; returns its size in bytes. */
export function writeBloggerExport(file: string, posts: ExportPost[]): number {
  const out = new Out(file);
  out.write(
    `<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0'>` +
      `<id>${TAG}.archive</id><updated>2020-01-01T00:00:00.000Z</updated><title type='text'>Hostile export</title>` +
      `<link rel='alternate' type='text/html' href='${HOST}/'/>${OWNER}<generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>\n`,
  );
  for (const post of posts) {
    const url = `${HOST}${postPath(post)}`;
    out.write(
      `<entry><id>${TAG}.post-${post.id}</id><published>${post.published.toISOString()}</published><updated>${post.published.toISOString()}</updated>${kind('post')}` +
        post.labels
          .map((l) => `<category scheme='http://www.blogger.com/atom/ns#' term='${xesc(l)}'/>`)
          .join('') +
        `<title type='text'>${xesc(post.title)}</title><content type='html'>`,
    );
    for (const chunk of bodyChunks(post)) out.write(xesc(chunk));
    out.write(
      `</content><link rel='alternate' type='text/html' href='${url}' title='${xesc(post.title)}'/>${OWNER}<thr:total>${post.comments}</thr:total></entry>\n`,
    );
  }
  for (const post of posts) {
    const url = `${HOST}${postPath(post)}`;
    for (let k = 0; k < post.comments; k++) {
      const id = `${post.id}${String(k).padStart(6, '0')}`;
      const parent = parentOf(k);
      const related =
        parent === null
          ? ''
          : `<link rel='related' type='application/atom+xml' href='${FEEDS}/${post.id}/comments/default/${post.id}${String(parent).padStart(6, '0')}'/>`;
      const at = commentDate(post, k).toISOString();
      out.write(
        `<entry><id>${TAG}.post-${id}</id><published>${at}</published><updated>${at}</updated>${kind('comment')}` +
          `<title type='text'>comment ${k}</title><content type='html'>${xesc(xesc(commentText(post.id, k)))}</content>` +
          `<link rel='alternate' type='text/html' href='${url}?showComment=${id}#c${id}' title=''/>${related}` +
          `<author><name>Reader ${k % 97}</name><email>noreply@blogger.com</email></author>` +
          `<thr:in-reply-to href='${url}' ref='${TAG}.post-${post.id}' source='${FEEDS}/posts/default/${post.id}' type='text/html'/></entry>\n`,
      );
    }
  }
  out.write('</feed>\n');
  return out.close();
}

/** A WordPress WXR 1.2 export of the posts; returns its size in bytes. */
export function writeWordpressExport(file: string, posts: ExportPost[]): number {
  const out = new Out(file);
  out.write(
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n` +
      `<title>Hostile export</title><link>https://hostile.example</link><description></description><language>en-US</language><wp:wxr_version>1.2</wp:wxr_version>\n` +
      `<wp:author><wp:author_id>1</wp:author_id><wp:author_login>editor</wp:author_login><wp:author_email>editor@hostile.example</wp:author_email><wp:author_display_name>${cdata('Clippings Editor')}</wp:author_display_name></wp:author>\n`,
  );
  for (const post of posts) {
    const date = post.published.toISOString().slice(0, 19).replace('T', ' ');
    out.write(
      `<item><title>${xesc(post.title)}</title><link>https://hostile.example${postPath(post)}</link><pubDate>${post.published.toUTCString()}</pubDate><dc:creator>editor</dc:creator>` +
        post.labels
          .map((l) => `<category domain="post_tag" nicename="${xesc(l)}">${cdata(l)}</category>`)
          .join('') +
        `<content:encoded><![CDATA[`,
    );
    for (const chunk of bodyChunks(post)) out.write(chunk.replace(/]]>/g, ']]]]><![CDATA[>'));
    out.write(
      `]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>${post.id}</wp:post_id><wp:post_date>${date}</wp:post_date><wp:post_date_gmt>${date}</wp:post_date_gmt>` +
        `<wp:comment_status>open</wp:comment_status><wp:post_name>hostile-post-${post.id}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>\n`,
    );
    for (let k = 0; k < post.comments; k++) {
      const at = commentDate(post, k).toISOString().slice(0, 19).replace('T', ' ');
      out.write(
        `<wp:comment><wp:comment_id>${k + 1}</wp:comment_id><wp:comment_author>${cdata(`Reader ${k % 97}`)}</wp:comment_author><wp:comment_author_email></wp:comment_author_email>` +
          `<wp:comment_date>${at}</wp:comment_date><wp:comment_date_gmt>${at}</wp:comment_date_gmt><wp:comment_content>${cdata(commentText(post.id, k))}</wp:comment_content>` +
          `<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${(parentOf(k) ?? -1) + 1}</wp:comment_parent></wp:comment>\n`,
      );
    }
    out.write('</item>\n');
  }
  out.write('</channel>\n</rss>\n');
  return out.close();
}

/** Where the benches' post sits once imported (Blogger paths keep the export's address). */
export const exportedPostPath = postPath;
