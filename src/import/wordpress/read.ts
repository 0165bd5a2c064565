// WordPress WXR (1.0, 1.1, 1.2) → import items. Posts and pages become Gloss posts and pages at
// Blogger-style paths (/YYYY/MM/slug.html, /p/slug.html); their WordPress addresses (the
// permalink, /?p=ID, /?page_id=ID) become 301 redirects. Categories and tags become labels,
// comments keep their threading (wp:comment_parent) and moderation status, attachments are kept
// as image references (and give posts their featured image). Navigation menus, block-editor
// internals and custom post types are skipped, each with its reason.
import { htmlToText } from '../../lib/html.ts';
import { fallbackSlug } from '../../lib/slugs.ts';
import type { BlogSettings } from '../../settings/settings.ts';
import type { CommentStatus, PostKind, PostStatus } from '../../storage/schema.ts';
import { offsetBetween, type ParsedInstant, parseIsoInstant, parseRfc822 } from '../dates.ts';
import { ImportError } from '../errors.ts';
import { commentHtml } from '../html.ts';
import { type ImportedAuthor, type ImportItem, postItem } from '../model.ts';
import { derivedPath, pathOf, slugFor } from '../paths.ts';
import type { TextSource } from '../source.ts';
import {
  CONTENT,
  child,
  children,
  childText,
  DC,
  own,
  textOf,
  WP,
  WP_EXCERPT,
  type XmlNode,
} from '../xml/node.ts';
import { oversizeReason, type XmlOversize, type XmlRecordReader } from '../xml/reader.ts';
import { autop, captionShortcodes, remainingShortcodes } from './autop.ts';

const ZERO_DATE = /^0000-00-00/;

interface Channel {
  site: string;
  /** Post ids already read: a second item with the same id is skipped, as WordPress does. */
  seen: Map<string, number>;
  authors: Map<string, ImportedAuthor>;
  /** wp:author_id → login, for comments written by users. */
  version: string | null;
}

export async function* readWordpress(
  source: TextSource,
  reader: XmlRecordReader,
): AsyncGenerator<ImportItem> {
  const settings: Partial<BlogSettings> = {};
  const channel: Channel = { site: '', seen: new Map(), authors: new Map(), version: null };
  let sawChannel = false;
  let sawVersion = false;
  let items = 0;
  for await (const event of reader.read(source.chunks())) {
    if (event.type === 'root') {
      if (event.node.local !== 'rss') {
        throw new ImportError(
          `this is not a WordPress export: its document element is <${event.node.name}>, not <rss>`,
          event.node,
        );
      }
      continue;
    }
    if (event.type === 'container') {
      if (event.node.local !== 'channel' || event.node.uri !== '') {
        throw new ImportError(
          `this is not a WordPress export: <rss> holds <${event.node.name}> where <channel> belongs`,
          event.node,
        );
      }
      sawChannel = true;
      continue;
    }
    const node = event.node;
    if (event.damage.length) {
      const d = event.damage[0]!;
      throw new ImportError(`<${node.name}> starting at line ${node.line} is damaged: ${d.reason}`, d);
    }
    if (event.oversize) {
      if (node.uri !== '' || node.local !== 'item')
        throw new ImportError(`the channel's ${oversizeReason(event.oversize)}`, event.oversize);
      items++;
      yield* oversizedItem(node, event.oversize);
      continue;
    }
    if (node.uri === '') {
      if (node.local === 'item') {
        items++;
        yield* readItem(node, channel);
      } else if (node.local === 'title') settings.title = own(textOf(node).trim()) || undefined;
      else if (node.local === 'description') settings.description = own(textOf(node).trim());
      else if (node.local === 'language') {
        const lang = own(textOf(node).trim());
        if (/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(lang)) settings.language = lang;
      } else if (node.local === 'link' && !channel.site) channel.site = own(siteOf(textOf(node)));
      continue;
    }
    if (!isWp(node)) continue;
    switch (node.local) {
      case 'wxr_version': {
        sawVersion = true;
        const version = textOf(node).trim();
        channel.version = version;
        if (!/^1\.[0-2]$/.test(version)) {
          yield {
            type: 'note',
            message: `The export says wxr_version "${version}" (line ${node.line}); it was read as WXR ${wpVersion(node) ?? '1.2'}, which its namespace names.`,
          };
        }
        break;
      }
      case 'base_site_url':
        channel.site = own(siteOf(textOf(node))) || channel.site;
        break;
      case 'author': {
        const login = childText(node, WP, 'author_login');
        if (!login) break;
        const name = childText(node, WP, 'author_display_name') || login;
        channel.authors.set(own(login), {
          externalId: own(`wordpress:${channel.site}:user:${login}`),
          name: own(name),
          email: own(childText(node, WP, 'author_email')) || null,
          url: null,
        });
        break;
      }
    }
  }
  if (!sawChannel) throw new ImportError('this is not a WordPress export: it has no <channel>');
  if (!sawVersion) {
    yield {
      type: 'note',
      message: 'The export has no wp:wxr_version; it was read as WXR by its wordpress.org namespace.',
    };
  }
  if (items === 0)
    yield { type: 'note', message: 'The export holds no items (posts, pages or attachments).' };
  if (Object.keys(settings).length) yield { type: 'settings', settings };
}

function isWp(node: XmlNode): boolean {
  return /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/$/.test(node.uri);
}

function wpVersion(node: XmlNode): string | null {
  return /export\/(\d+\.\d+)\/$/.exec(node.uri)?.[1] ?? null;
}

function siteOf(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** An item too large to keep (../xml/reader.ts): skipped with its comments, saying why. */
function* oversizedItem(item: XmlNode, oversize: XmlOversize): Generator<ImportItem> {
  const type = childText(item, WP, 'post_type') || 'item';
  const title = childText(item, undefined, 'title');
  yield {
    type: 'skip',
    what: type,
    reason: `${title ? `“${title.slice(0, 80)}”: ` : ''}${oversizeReason(oversize)}`,
  };
  const comments = children(item, WP, 'comment').length;
  for (let i = 0; i < comments; i++) yield { type: 'skip', what: 'comment', reason: `on a skipped ${type}` };
}

function* readItem(item: XmlNode, channel: Channel): Generator<ImportItem> {
  const type = childText(item, WP, 'post_type') || 'post';
  const id = childText(item, WP, 'post_id');
  const ref = `wordpress:${channel.site}:${id || childText(item, undefined, 'guid')}`;
  if (type === 'attachment') {
    const url = childText(item, WP, 'attachment_url') || childText(item, undefined, 'guid');
    if (!url) {
      yield { type: 'skip', what: 'attachment', reason: 'no file URL' };
      return;
    }
    const meta = postmeta(item);
    yield {
      type: 'attachment',
      attachment: {
        ref,
        url,
        title: childText(item, undefined, 'title') || null,
        caption: childText(item, WP_EXCERPT, 'encoded') || null,
        alt: meta.get('_wp_attachment_image_alt') || null,
      },
    };
    return;
  }
  if (type !== 'post' && type !== 'page') {
    const comments = children(item, WP, 'comment').length;
    yield { type: 'skip', what: type, reason: skipReason(type) };
    for (let i = 0; i < comments; i++)
      yield { type: 'skip', what: 'comment', reason: `on a skipped ${type}` };
    return;
  }
  const kind: PostKind = type;
  if (id) {
    const first = channel.seen.get(id);
    if (first !== undefined) {
      yield {
        type: 'skip',
        what: kind,
        reason: `a second item with post id ${id} (line ${item.line}; the first is at line ${first})`,
      };
      for (const _ of children(item, WP, 'comment'))
        yield { type: 'skip', what: 'comment', reason: 'on a skipped duplicate item' };
      return;
    }
    channel.seen.set(own(id), item.line);
  }
  // WordPress keeps post_title as HTML (themes print it unescaped: "Media &amp; Text", "<em>"):
  // Gloss's titles are plain text, so it is read as the text it shows.
  const title = htmlToText(childText(item, undefined, 'title'))
    .replace(/\s+/g, ' ')
    .trim();
  const raw = textOf(child(item, CONTENT, 'encoded'));
  const bodyHtml = autop(captionShortcodes(raw));
  const dates = postDates(item);
  const rawStatus = childText(item, WP, 'status') || 'publish';
  const password = childText(item, WP, 'post_password');
  let status: PostStatus = 'published';
  let statusNote: string | undefined;
  let trashed = false;
  if (rawStatus === 'future') status = 'scheduled';
  else if (rawStatus === 'draft' || rawStatus === 'pending' || rawStatus === 'auto-draft') status = 'draft';
  else if (rawStatus === 'private') {
    status = 'draft';
    statusNote = 'private in WordPress: imported as a draft';
  } else if (rawStatus === 'trash') {
    // WordPress remembers the status a post had before the trash.
    const before = postmeta(item).get('_wp_trash_meta_status');
    status = before === 'publish' ? 'published' : before === 'future' ? 'scheduled' : 'draft';
    trashed = true;
  }
  if (password && status === 'published') {
    status = 'draft';
    statusNote = 'password-protected in WordPress: imported as a draft (Gloss has no post passwords)';
  }
  const nameRaw = childText(item, WP, 'post_name');
  // A slug in another script (stored percent-encoded by WordPress) gets Blogger's ASCII shape;
  // the WordPress permalink still answers, with a redirect.
  const decoded = decodeSlug(nameRaw);
  const slug =
    /^[\x20-\x7e]*$/.test(decoded) && decoded ? decoded : slugFor(decoded || title, fallbackSlug(kind));
  const path = derivedPath(kind, dates.published.wall, slug);
  const oldPaths = new Set<string>();
  const link = pathOf(childText(item, undefined, 'link'));
  if (link && link !== '/' && link !== path) oldPaths.add(link);
  if (id) oldPaths.add(kind === 'page' ? `/?page_id=${id}` : `/?p=${id}`);
  const labels: string[] = [];
  let otherTerms = 0;
  for (const c of children(item, undefined, 'category')) {
    const domain = c.attrs.domain ?? 'category';
    const name = textOf(c).trim();
    if (!name) continue;
    if (domain === 'category' || domain === 'post_tag' || domain === 'tag') labels.push(htmlToText(name));
    else if (domain !== 'author') otherTerms++;
  }
  const meta = postmeta(item);
  const thumbnail = meta.get('_thumbnail_id');
  const creator = childText(item, DC, 'creator');
  const author =
    channel.authors.get(creator) ??
    (creator
      ? { externalId: `wordpress:${channel.site}:user:${creator}`, name: creator, email: null, url: null }
      : null);
  const postExternalId = `wordpress:${channel.site}:${id || childText(item, undefined, 'guid') || `${kind}:${slug}`}`;
  const shortcodes = remainingShortcodes(bodyHtml);
  if (shortcodes.length) {
    yield {
      type: 'skip',
      what: 'shortcode',
      reason: `WordPress shortcodes kept as text (${shortcodes.map((s) => `[${s}]`).join(', ')})`,
    };
  }
  if (otherTerms)
    yield { type: 'skip', what: 'term', reason: 'terms of taxonomies other than categories and tags' };
  yield postItem({
    externalId: postExternalId,
    kind,
    status,
    trashed,
    title,
    bodyHtml,
    slug,
    path,
    ...dates,
    author,
    labels,
    commentPolicy: childText(item, WP, 'comment_status') === 'closed' ? 'closed' : null,
    oldPaths: [...oldPaths],
    statusNote,
    pendingImageRef: thumbnail ? `wordpress:${channel.site}:${thumbnail}` : undefined,
    line: item.line,
  });
  for (const c of children(item, WP, 'comment'))
    yield* readComment(c, postExternalId, channel, dates.published);
}

function skipReason(type: string): string {
  if (type === 'nav_menu_item') return 'navigation menu items (Gloss builds its own sidebar)';
  if (type === 'revision') return 'revisions (only the current version is imported)';
  if (type.startsWith('wp_'))
    return 'block-editor internals (templates, styles, navigation, reusable blocks)';
  return 'custom post types';
}

function postDates(item: XmlNode): { published: ParsedInstant; updated: ParsedInstant } {
  const local = childText(item, WP, 'post_date');
  const gmt = childText(item, WP, 'post_date_gmt');
  let published: ParsedInstant | null = null;
  if (local && gmt && !ZERO_DATE.test(gmt) && !ZERO_DATE.test(local)) {
    const zone = offsetBetween(local, gmt);
    const utc = parseIsoInstant(`${gmt.replace(' ', 'T')}Z`);
    if (utc) published = { iso: utc.iso, zone, wall: local.replace(' ', 'T').slice(0, 19) };
  }
  if (!published && local && !ZERO_DATE.test(local)) {
    const asUtc = parseIsoInstant(`${local.replace(' ', 'T')}`);
    if (asUtc) published = { ...asUtc, zone: null };
  }
  published ??= parseRfc822(childText(item, undefined, 'pubDate'));
  published ??= { iso: new Date(0).toISOString(), zone: null, wall: '1970-01-01T00:00:00' };
  const modified = childText(item, WP, 'post_modified_gmt');
  const updated =
    modified && !ZERO_DATE.test(modified)
      ? (parseIsoInstant(`${modified.replace(' ', 'T')}Z`) ?? published)
      : published;
  return { published, updated: Date.parse(updated.iso) < Date.parse(published.iso) ? published : updated };
}

function postmeta(item: XmlNode): Map<string, string> {
  const meta = new Map<string, string>();
  for (const m of children(item, WP, 'postmeta')) {
    const key = childText(m, WP, 'meta_key');
    if (key) meta.set(key, textOf(child(m, WP, 'meta_value')).trim());
  }
  return meta;
}

function decodeSlug(raw: string): string {
  try {
    return decodeURIComponent(raw.trim());
  } catch {
    return raw.trim();
  }
}

function* readComment(
  c: XmlNode,
  postExternalId: string,
  channel: Channel,
  fallback: ParsedInstant,
): Generator<ImportItem> {
  const type = childText(c, WP, 'comment_type');
  if (type === 'pingback' || type === 'trackback') {
    yield { type: 'skip', what: 'comment', reason: `${type}s (links from other blogs, not comments)` };
    return;
  }
  const id = childText(c, WP, 'comment_id');
  const local = childText(c, WP, 'comment_date');
  const gmt = childText(c, WP, 'comment_date_gmt');
  const at =
    (gmt && !ZERO_DATE.test(gmt) ? parseIsoInstant(`${gmt.replace(' ', 'T')}Z`) : null) ??
    (local ? parseIsoInstant(local.replace(' ', 'T')) : null);
  if (!at) {
    yield {
      type: 'note',
      message: `A comment without a date (line ${c.line}) was dated as its post.`,
    };
  }
  const when = at ?? fallback;
  const approved = childText(c, WP, 'comment_approved');
  const status: CommentStatus =
    approved === '1' || approved === 'approve'
      ? 'approved'
      : approved === 'spam'
        ? 'spam'
        : approved === 'trash' || approved === 'post-trashed'
          ? 'deleted'
          : 'pending';
  const parent = childText(c, WP, 'comment_parent');
  const content = textOf(child(c, WP, 'comment_content'));
  const site = channel.site;
  yield {
    type: 'comment',
    comment: {
      externalId: `wordpress:${site}:comment:${id || `${postExternalId}:${when.iso}`}`,
      postExternalId,
      parentExternalId: parent && parent !== '0' ? `wordpress:${site}:comment:${parent}` : null,
      authorName: childText(c, WP, 'comment_author') || 'Anonymous',
      authorEmail: childText(c, WP, 'comment_author_email') || null,
      authorUrl: childText(c, WP, 'comment_author_url') || null,
      bodyHtml: commentHtml(autop(content)),
      status,
      createdAt: when.iso,
      updatedAt: when.iso,
      line: c.line,
    },
  };
}
