// The rules for a reader's comment, whoever calls them: check the post takes comments, check
// each field, judge the spam rules, store the comment with its log row and notification.
import type { Kysely } from 'kysely';
import { recordId } from '../lib/record-id.ts';
import { hitWindow } from '../limits/fixed-window.ts';
import { publicPosts } from '../posts/queries.ts';
import type { BlogSettings } from '../settings/settings.ts';
import type { Comment, CommentStatus, Database, Post } from '../storage/schema.ts';
import { queueCommentMail } from './notify.ts';
import { effectivePolicy } from './policy.ts';
import { linkCount, normaliseText, renderCommentHtml } from './render.ts';
import { bodyHash, DUPLICATE_MIN_LENGTH, judge } from './spam.ts';
import { checkStaffBody, type Staff, storeStaffComment } from './staff.ts';
import { checkFormToken } from './token.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export const AUTHOR_MAX = 100;
export const EMAIL_MAX = 254;
export const URL_MAX = 500;
export const ANONYMOUS = 'Anonymous';

export type CommentField = 'author' | 'email' | 'url' | 'body' | 'parent' | 'token';

/** What the form sent, as text (absent fields as undefined). */
export interface CommentInput {
  postId: number;
  author?: string;
  email?: string;
  url?: string;
  body?: string;
  parent?: string;
  honeypot?: string;
  token?: string;
  /** "Notify me of replies" was ticked (needs an e-mail address). */
  notify?: boolean;
}

export interface CommentContext {
  settings: BlogSettings;
  secret: string;
  now: Date;
  /** The client's address (blocklist), and its keyed hash (stored). */
  address: string | null;
  addressHash: string | null;
  userAgent: string | null;
  /** The configured public base URL (GLOSS_BASE_URL), for the notification's links. */
  baseUrl: string | null;
  /** The signed-in staff member sending the form (src/comments/staff.ts), or null for a reader. */
  staff?: Staff | null;
}

export type PostCommentResult =
  /** Stored: approved (shown now), pending or spam (held). */
  | { kind: 'stored'; post: Post; comment: Comment }
  /** The same reader sent the same text to the same post again: nothing new is stored. */
  | { kind: 'repeated'; post: Post; comment: Comment }
  | { kind: 'rejected'; status: 400 | 403 | 404; message: string; field?: CommentField; post?: Post };

export async function postComment(
  db: Kysely<Database>,
  input: CommentInput,
  ctx: CommentContext,
): Promise<PostCommentResult> {
  const post = await commentablePost(db, input.postId, ctx.now);
  if (!post) {
    return {
      kind: 'rejected',
      status: 404,
      message: `There is no published post with the number ${input.postId} to comment on.`,
    };
  }
  const reject = (message: string, field?: CommentField, status: 400 | 403 = 400) =>
    ({ kind: 'rejected', status, message, field, post }) as const;

  const policy = effectivePolicy(post, ctx.settings, ctx.now);
  if (policy === 'closed') {
    return reject('Comments are closed on this post.', undefined, 403);
  }
  if (ctx.staff) {
    // Staff comment as themselves: no name or address fields, no spam rules, approved at once.
    const checked = checkStaffBody(input.body, ctx.settings);
    if ('message' in checked) return reject(checked.message, 'body');
    const staffParent = await checkParent(db, post.id, input.parent);
    if (staffParent === false)
      return reject('The comment you are replying to is not on this post.', 'parent');
    const comment = await storeStaffComment(db, post, staffParent, checked.body, ctx.staff, ctx.now);
    return { kind: 'stored', post, comment };
  }
  const fields = checkFields(input, ctx.settings);
  if ('message' in fields) return reject(fields.message, fields.field);

  const parentId = await checkParent(db, post.id, input.parent);
  if (parentId === false) return reject('The comment you are replying to is not on this post.', 'parent');

  if (!input.token?.trim()) {
    return reject('The form was sent without its security token. Your text is kept: send it again.', 'token');
  }
  const token = checkFormToken(ctx.secret, input.token, post.id, ctx.now);
  if (!token.ok) {
    return reject(
      'The form’s security token was not valid (the page may be from before a server change). Your text is kept: send it again.',
      'token',
    );
  }

  const html = renderCommentHtml(fields.body);
  const hash = bodyHash(fields.body);
  const verdict = judge(
    {
      body: fields.body,
      html,
      links: linkCount(html),
      author: fields.author,
      email: fields.email,
      url: fields.url,
      address: ctx.address,
      honeypot: input.honeypot ?? '',
      formAgeSeconds: token.ageSeconds,
    },
    ctx.settings,
  );
  const at = ctx.now.toISOString();
  const outcome = await db.transaction().execute(async (trx) => {
    // Identical sends from one reader queue here (an atomic upsert holds the row until commit),
    // so of many parallel copies the first is stored and the others find it: check-then-act safe.
    if (ctx.addressHash) {
      await hitWindow(trx, `comment:same:${post.id}:${ctx.addressHash}:${hash}`, DAY_MS, ctx.now);
    }
    const repeated = await sameReaderSameText(trx, post.id, hash, ctx.addressHash, ctx.now);
    if (repeated) return { repeated, stored: undefined };
    const copy = fields.body.length >= DUPLICATE_MIN_LENGTH ? await copyOf(trx, hash) : undefined;
    if (copy) verdict.reasons.push(`the same text as comment #${copy}`);
    const status: CommentStatus = copy
      ? 'spam'
      : (verdict.status ?? (policy === 'moderated' ? 'pending' : 'approved'));
    const row = await trx
      .insertInto('comments')
      .values({
        post_id: post.id,
        parent_id: parentId,
        author_name: fields.author,
        author_email: fields.email,
        author_url: fields.url,
        author_user_id: null,
        body_text: fields.body,
        body_html: html,
        body_hash: hash,
        status,
        ip_hash: ctx.addressHash,
        user_agent: ctx.userAgent?.slice(0, 500) ?? null,
        spam_reason: verdict.reasons.length ? verdict.reasons.join('; ') : null,
        created_at: at,
        updated_at: at,
        external_id: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('moderation_log')
      .values({
        comment_id: row.id,
        user_id: null,
        action: 'posted',
        from_status: null,
        to_status: status,
        created_at: at,
      })
      .execute();
    if (status !== 'spam' && ctx.settings.commentNotify) {
      await queueCommentMail(trx, {
        post,
        comment: row,
        blogTitle: ctx.settings.title,
        baseUrl: ctx.baseUrl,
        now: ctx.now,
      });
    }
    return { stored: row, repeated: undefined };
  });
  if (outcome.stored) return { kind: 'stored', post, comment: outcome.stored };
  return { kind: 'repeated', post, comment: outcome.repeated };
}

/** A published post (not a page, not trashed, not in the future) by id. */
export async function commentablePost(
  db: Kysely<Database>,
  id: number,
  now: Date,
): Promise<Post | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return publicPosts(db)
    .selectAll()
    .where('id', '=', id)
    .where('published_at', '<=', now.toISOString())
    .executeTakeFirst();
}

interface Fields {
  author: string;
  email: string | null;
  url: string | null;
  body: string;
}

function checkFields(
  input: CommentInput,
  settings: Pick<BlogSettings, 'commentMaxLength'>,
): Fields | { message: string; field: CommentField } {
  if (input.body === undefined) return { message: 'The form has no comment field (body).', field: 'body' };
  const body = normaliseText(input.body);
  if (!body) return { message: 'Write your comment before sending it.', field: 'body' };
  if ([...body].length > settings.commentMaxLength) {
    return {
      message: `Your comment is ${[...body].length.toLocaleString('en')} characters long; the limit is ${settings.commentMaxLength.toLocaleString('en')}. Shorten it and send it again.`,
      field: 'body',
    };
  }
  const author = normaliseText(input.author ?? '').replace(/\s+/g, ' ') || ANONYMOUS;
  if ([...author].length > AUTHOR_MAX) {
    return { message: `Your name is too long (at most ${AUTHOR_MAX} characters).`, field: 'author' };
  }
  const email = normaliseText(input.email ?? '') || null;
  if (email && (email.length > EMAIL_MAX || !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email))) {
    return {
      message: 'That e-mail address does not look right (leave it empty if you prefer).',
      field: 'email',
    };
  }
  if (input.notify && !email) {
    return {
      message: 'To be told of replies, give your e-mail address (or untick “Notify me of replies”).',
      field: 'email',
    };
  }
  const url = normaliseUrl(input.url ?? '');
  if (url === false) {
    return {
      message: 'Your web address must be a web page starting with http:// or https:// (or leave it empty).',
      field: 'url',
    };
  }
  return { author, email, url, body };
}

/** A reader's web address as stored: an http(s) URL ("example.org" gets https://), null, or false. */
export function normaliseUrl(value: string): string | null | false {
  const text = normaliseText(value);
  if (!text) return null;
  if (text.length > URL_MAX || /\s/.test(text)) return false;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text.replace(/^\/\//, '')}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.')) return false;
  if (url.username || url.password) return false;
  return url.href;
}

/** The parent's id (null for a top-level comment), or false when it is not a comment on the post. */
async function checkParent(db: Kysely<Database>, postId: number, parent: string | undefined) {
  const text = parent?.trim();
  if (!text) return null;
  const id = recordId(text);
  if (!id) return false;
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('id', '=', id)
    .where('post_id', '=', postId)
    .executeTakeFirst();
  return row ? row.id : false;
}

/** The reader's own comment with the same text on this post in the last day (a resubmitted form). */
async function sameReaderSameText(
  db: Kysely<Database>,
  postId: number,
  hash: string,
  addressHash: string | null,
  now: Date,
): Promise<Comment | undefined> {
  if (!addressHash) return undefined;
  return db
    .selectFrom('comments')
    .selectAll()
    .where('body_hash', '=', hash)
    .where('post_id', '=', postId)
    .where('ip_hash', '=', addressHash)
    .where('created_at', '>=', new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString())
    .where('status', '!=', 'deleted')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The id of an earlier comment anywhere on the blog with the same text. */
async function copyOf(db: Kysely<Database>, hash: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('body_hash', '=', hash)
    .orderBy('id')
    .executeTakeFirst();
  return row?.id;
}
