// Blogger exports → import items. Two formats, told apart entry by entry:
// - the classic "Back up content" Atom feed: entries typed by a kind#post|page|comment|settings|
//   template category, drafts under app:control, comments tied to their post by thr:in-reply-to
//   and to a parent comment by <link rel="related"> (that comment's feed URL);
// - Google Takeout's feed.atom (2018): blogger:type, blogger:status, blogger:filename,
//   blogger:parent (the post) and blogger:inReplyTo (the parent comment).
import { createHash } from 'node:crypto';
import { htmlToText } from '../../lib/html.ts';
import { fallbackSlug } from '../../lib/slugs.ts';
import type { BlogSettings } from '../../settings/settings.ts';
import type { CommentStatus, PostKind, PostStatus } from '../../storage/schema.ts';
import { isTimeZone, parseIsoInstant } from '../dates.ts';
import { ImportError } from '../errors.ts';
import { commentHtml, textToHtml } from '../html.ts';
import { type ImportedAuthor, type ImportItem, postItem } from '../model.ts';
import { derivedPath, isBloggerPath, pathOf, slugFor, slugOfPath } from '../paths.ts';
import type { TextSource } from '../source.ts';
import {
  APP,
  APP_2007,
  ATOM,
  BLOGGER_2018,
  child,
  children,
  childText,
  innerXml,
  own,
  THR,
  textOf,
  type XmlNode,
} from '../xml/node.ts';
import { oversizeReason, type XmlDamage, type XmlOversize, type XmlRecordReader } from '../xml/reader.ts';

const KIND_SCHEME = 'http://schemas.google.com/g/2005#kind';
const LABEL_SCHEME = 'http://www.blogger.com/atom/ns#';
const NOREPLY = 'noreply@blogger.com';

type Kind = 'post' | 'page' | 'comment' | 'settings' | 'template' | 'unknown';

/** `now` tells a scheduled post (Blogger exports them as published, dated in the future). */
export async function* readBlogger(
  source: TextSource,
  reader: XmlRecordReader,
  now: () => Date,
): AsyncGenerator<ImportItem> {
  const settings: Partial<BlogSettings> = {};
  let feedTitle: string | undefined;
  let blogId: string | undefined;
  for await (const event of reader.read(source.chunks())) {
    if (event.type === 'root') {
      const root = event.node;
      if (root.local !== 'feed' || root.uri !== ATOM) {
        throw new ImportError(
          `this is not a Blogger export: its document element is <${root.name}>, not an Atom <feed>`,
          root,
        );
      }
      continue;
    }
    if (event.type !== 'record') continue;
    const node = event.node;
    if (node.uri !== ATOM) continue;
    if (node.local === 'entry') {
      yield* readEntry(node, event.damage, settings, blogId, now, event.oversize);
      continue;
    }
    if (event.damage.length) throw damageError(node, event.damage);
    if (event.oversize) throw new ImportError(`the feed's ${oversizeReason(event.oversize)}`, event.oversize);
    // Elements of the feed itself. The first title and id are the feed's; any later ones belong
    // to an entry that lost its start tag (checked below through its category).
    if (node.local === 'title' && feedTitle === undefined) feedTitle = own(textOf(node).trim());
    if (node.local === 'id' && blogId === undefined)
      blogId = own(/blog-(\d+)/.exec(textOf(node))?.[1] ?? '') || undefined;
    if (node.local === 'category') {
      const kind = kindOf([node]);
      if (kind === 'post' || kind === 'page' || kind === 'comment') {
        throw new ImportError(
          `a ${kind} entry has lost its <entry> start tag (its category is at feed level); the export is damaged`,
          node,
        );
      }
      if (kind !== 'unknown') {
        yield {
          type: 'skip',
          what: kind,
          reason: `a ${kind} entry without its <entry> start tag (line ${node.line}); Gloss does not import ${kind}s`,
        };
      }
    }
  }
  if (settings.title === undefined && feedTitle) settings.title = feedTitle;
  if (Object.keys(settings).length) yield { type: 'settings', settings };
}

function damageError(node: XmlNode, damage: XmlDamage[]): ImportError {
  const first = damage[0]!;
  return new ImportError(`<${node.name}> starting at line ${node.line} is damaged: ${first.reason}`, first);
}

function* readEntry(
  entry: XmlNode,
  damage: XmlDamage[],
  settings: Partial<BlogSettings>,
  blogId: string | undefined,
  now: () => Date,
  oversize?: XmlOversize,
): Generator<ImportItem> {
  const categories = children(entry, ATOM, 'category');
  const kind = kindOf(categories, entry);
  if (oversize) {
    // Kept, it would cost memory in proportion at every step after (see ../xml/reader.ts).
    const title = childText(entry, ATOM, 'title');
    const what = kind === 'unknown' ? 'entry' : kind;
    yield {
      type: 'skip',
      what,
      reason: `${title ? `“${title.slice(0, 80)}”: ` : ''}${oversizeReason(oversize)}`,
    };
    return;
  }
  if (damage.length) {
    if (kind === 'template' || kind === 'settings') {
      yield {
        type: 'note',
        message: `Skipped a damaged ${kind} entry at line ${entry.line} (${damage[0]!.reason}, line ${damage[0]!.line}).`,
      };
      return;
    }
    throw damageError(entry, damage);
  }
  const id = childText(entry, ATOM, 'id');
  switch (kind) {
    case 'settings':
      readSetting(id, entry, settings);
      return;
    case 'template':
      yield { type: 'skip', what: 'template', reason: 'Blogger templates do not apply to Gloss themes' };
      return;
    case 'post':
    case 'page':
      yield* readPost(entry, kind, id, categories, now);
      return;
    case 'comment':
      yield* readComment(entry, id, blogId);
      return;
    default:
      yield { type: 'skip', what: 'entry', reason: `an entry of unknown kind at line ${entry.line}` };
  }
}

function kindOf(categories: XmlNode[], entry?: XmlNode): Kind {
  const takeout = entry ? childText(entry, BLOGGER_2018, 'type').toUpperCase() : '';
  if (takeout) {
    const map: Record<string, Kind> = {
      POST: 'post',
      PAGE: 'page',
      COMMENT: 'comment',
      SETTINGS: 'settings',
    };
    return map[takeout] ?? 'unknown';
  }
  for (const c of categories) {
    if (c.attrs.scheme !== KIND_SCHEME) continue;
    const m = /#(post|page|comment|settings|template)$/.exec(c.attrs.term ?? '');
    if (m) return m[1] as Kind;
  }
  return 'unknown';
}

function readSetting(id: string, entry: XmlNode, settings: Partial<BlogSettings>): void {
  const name = /\.settings\.([A-Z_]+)$/.exec(id)?.[1];
  const value = own(textOf(child(entry, ATOM, 'content')).trim());
  switch (name) {
    case 'BLOG_NAME':
      if (value) settings.title = value;
      break;
    case 'BLOG_DESCRIPTION':
      settings.description = value;
      break;
    case 'BLOG_TIME_ZONE':
      if (isTimeZone(value)) settings.timeZone = value;
      break;
    case 'BLOG_LOCALE':
      if (/^[a-z]{2,3}([-_][A-Za-z]{2,4})?$/.test(value)) settings.language = value.replace('_', '-');
      break;
    case 'BLOG_MAX_NUM': {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0 && n <= 100) settings.postsPerPage = n;
      break;
    }
    case 'BLOG_COMMENTS_ALLOWED':
      if (value === 'false') settings.commentPolicy = 'closed';
      break;
    case 'BLOG_COMMENT_MODERATION':
      if (value === 'ENABLED' || value === 'ALWAYS') {
        if (settings.commentPolicy !== 'closed') settings.commentPolicy = 'moderated';
      }
      break;
  }
}

function* readPost(
  entry: XmlNode,
  kind: PostKind,
  id: string,
  categories: XmlNode[],
  now: () => Date,
): Generator<ImportItem> {
  const published = parseIsoInstant(childText(entry, ATOM, 'published'));
  if (!published) {
    yield {
      type: 'skip',
      what: kind,
      reason: `an entry without a valid <published> date at line ${entry.line}`,
    };
    return;
  }
  const updated = parseIsoInstant(childText(entry, ATOM, 'updated')) ?? published;
  const title = plainTitle(child(entry, ATOM, 'title'));
  const bodyHtml = contentHtml(child(entry, ATOM, 'content'));
  const { status, trashed } = postStatus(entry, published.iso, now());
  const links = children(entry, ATOM, 'link');
  const alternate = links.find((l) => l.attrs.rel === 'alternate' && l.attrs.type !== 'application/atom+xml');
  // An entry without an alternate link (jekyll-import's trimmed feed) may still name its page in
  // the replies link ("…/post.html#comment-form").
  const replies = links.find((l) => l.attrs.rel === 'replies' && l.attrs.type === 'text/html');
  const filename = childText(entry, BLOGGER_2018, 'filename');
  const repliesPath = pathOf(replies?.attrs.href ?? '')?.replace(/[?#].*$/, '');
  const rawPath =
    filename || pathOf(alternate?.attrs.href ?? '') || (repliesPath?.endsWith('.html') ? repliesPath : null);
  const oldPaths: string[] = [];
  const keptPath = rawPath?.replace(/\?.*$/, '');
  let path: string;
  let slug: string;
  if (keptPath && isBloggerPath(keptPath, kind)) {
    path = keptPath;
    slug = slugOfPath(path);
  } else {
    // Drafts have no address yet; anything else Gloss cannot serve is redirected.
    slug = slugFor(title, fallbackSlug(kind));
    path = derivedPath(kind, published.wall, slug);
    if (rawPath && rawPath !== '/') oldPaths.push(rawPath);
  }
  const labels = categories
    .filter((c) => c.attrs.scheme !== KIND_SCHEME && c.attrs.term)
    .filter(
      (c) => !c.attrs.scheme || c.attrs.scheme === LABEL_SCHEME || c.attrs.scheme.startsWith('tag:blogger'),
    )
    .map((c) => c.attrs.term!.trim());
  const externalId = id || `blogger-entry:${kind}:${path}:${hash(published.iso + title)}`;
  yield postItem({
    externalId,
    kind,
    status,
    trashed,
    title,
    bodyHtml,
    slug,
    path,
    published,
    updated,
    author: authorOf(entry),
    labels,
    oldPaths,
    line: entry.line,
  });
}

function postStatus(
  entry: XmlNode,
  publishedIso: string,
  now: Date,
): { status: PostStatus; trashed: boolean } {
  const takeout = childText(entry, BLOGGER_2018, 'status').toUpperCase();
  const trashed = Boolean(child(entry, BLOGGER_2018, 'trashed')) || /TRASH/.test(takeout);
  if (takeout) {
    if (takeout === 'DRAFT') return { status: 'draft', trashed };
    if (takeout === 'SCHEDULED') return { status: 'scheduled', trashed };
    // A trashed post keeps the status it had: restoring it from the trash brings it back as it was.
    return { status: 'published', trashed };
  }
  const control = child(entry, APP, 'control') ?? child(entry, APP_2007, 'control');
  const draft = control && /^yes$/i.test(childText(control, undefined, 'draft'));
  if (draft) return { status: 'draft', trashed };
  // Blogger exports scheduled posts as published entries dated in the future.
  if (Date.parse(publishedIso) > now.getTime()) return { status: 'scheduled', trashed };
  return { status: 'published', trashed };
}

function* readComment(entry: XmlNode, id: string, blogId: string | undefined): Generator<ImportItem> {
  const published = parseIsoInstant(childText(entry, ATOM, 'published'));
  if (!published) {
    yield { type: 'skip', what: 'comment', reason: `a comment without a valid date at line ${entry.line}` };
    return;
  }
  const updated = parseIsoInstant(childText(entry, ATOM, 'updated')) ?? published;
  const inReplyTo = child(entry, THR, 'in-reply-to');
  const postRef = childText(entry, BLOGGER_2018, 'parent') || inReplyTo?.attrs.ref?.trim() || '';
  if (!postRef) {
    yield { type: 'skip', what: 'comment', reason: `a comment that names no post at line ${entry.line}` };
    return;
  }
  const entryBlog = /blog-(\d+)/.exec(id || postRef)?.[1] ?? blogId;
  const parentExternalId = parentComment(entry, entryBlog);
  const author = authorOf(entry);
  const takeoutStatus = childText(entry, BLOGGER_2018, 'status').toUpperCase();
  const trashed = Boolean(child(entry, BLOGGER_2018, 'trashed'));
  const status: CommentStatus = trashed
    ? 'deleted'
    : takeoutStatus === 'SPAM'
      ? 'spam'
      : takeoutStatus && takeoutStatus !== 'LIVE'
        ? 'pending'
        : 'approved';
  const body = contentHtml(child(entry, ATOM, 'content'));
  yield {
    type: 'comment',
    comment: {
      externalId: id || `blogger-comment:${postRef}:${hash(published.iso + body)}`,
      postExternalId: postRef,
      postAltIds: /\.post-\d+$/.test(postRef) ? [postRef.replace(/\.post-(\d+)$/, '.page-$1')] : undefined,
      parentExternalId,
      authorName: author?.name || 'Anonymous',
      authorEmail: author?.email ?? null,
      authorUrl: author?.url ?? null,
      bodyHtml: commentHtml(body),
      status,
      createdAt: published.iso,
      updatedAt: updated.iso,
      line: entry.line,
    },
  };
}

/** The parent comment's id, from Takeout's blogger:inReplyTo or the classic related link. */
function parentComment(entry: XmlNode, blogId: string | undefined): string | null {
  const takeout = childText(entry, BLOGGER_2018, 'inReplyTo');
  if (takeout)
    return /^\d+$/.test(takeout) && blogId ? `tag:blogger.com,1999:blog-${blogId}.post-${takeout}` : takeout;
  const related = children(entry, ATOM, 'link').find((l) => l.attrs.rel === 'related');
  const m = /\/feeds\/(\d+)\/(?:\d+\/)?comments\/default\/(\d+)/.exec(related?.attrs.href ?? '');
  return m ? `tag:blogger.com,1999:blog-${m[1]}.post-${m[2]}` : null;
}

function authorOf(entry: XmlNode): ImportedAuthor | null {
  const author = child(entry, ATOM, 'author');
  if (!author) return null;
  const name = childText(author, ATOM, 'name');
  const uri = childText(author, ATOM, 'uri');
  const email = childText(author, ATOM, 'email');
  if (!name && !uri) return null;
  return {
    externalId: uri ? `blogger-profile:${uri}` : `blogger-name:${name}`,
    name: name || 'Unknown',
    email: email && email !== NOREPLY ? email : null,
    url: uri || null,
  };
}

function plainTitle(node: XmlNode | undefined): string {
  if (!node) return '';
  const text = textOf(node);
  const type = node.attrs.type ?? 'text';
  if (type === 'html') return htmlToText(text).replace(/\s+/g, ' ').trim();
  if (type === 'xhtml') return htmlToText(innerXml(node)).replace(/\s+/g, ' ').trim();
  return text.replace(/\s+/g, ' ').trim();
}

function contentHtml(node: XmlNode | undefined): string {
  if (!node) return '';
  const type = node.attrs.type ?? 'text';
  if (type === 'html' || type === 'text/html') return textOf(node).trim();
  if (type === 'xhtml') return innerXml(node).trim();
  return textToHtml(textOf(node));
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
