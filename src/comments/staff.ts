// Staff comments: a signed-in user (any role) who comments on the public page or replies from the
// admin's queue. The comment is stored with the user's id and name, approved at once (no
// moderation, rate limit, honeypot or timing rule applies to them), and the thread shows a badge.
// Only a live session makes a staff comment: a reader who types a staff member's name gets none.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../app-deps.ts';
import { sameOrigin } from '../auth/csrf.ts';
import { findSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { findPostById } from '../posts/queries.ts';
import type { BlogSettings } from '../settings/settings.ts';
import type { Comment, Database, Post, User } from '../storage/schema.ts';
import { setCommentStatus } from './moderation.ts';
import { normaliseText, renderCommentHtml } from './render.ts';
import { bodyHash } from './spam.ts';

export type Staff = Pick<User, 'id' | 'name' | 'profile_url'>;

/**
 * The signed-in user behind a request to a public page, or null. A state-changing request counts
 * only when it comes from this site's own pages (the session cookie is SameSite=Lax; this is the
 * second lock), so another site cannot make a staff member comment.
 */
export async function staffOf(c: Context, deps: AppDeps): Promise<Staff | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return null;
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origins = [new URL(c.req.url).origin];
    if (deps.config.baseUrl) origins.push(new URL(deps.config.baseUrl).origin);
    if (!sameOrigin({ origin: c.req.header('origin'), referer: c.req.header('referer') }, origins))
      return null;
  }
  const found = await findSession(deps.store.db, token, deps.now());
  return found ? { id: found.user.id, name: found.user.name, profile_url: found.user.profile_url } : null;
}

/** The text of a staff comment, checked like a reader's: not empty, within the blog's limit. */
export function checkStaffBody(
  body: string | undefined,
  settings: Pick<BlogSettings, 'commentMaxLength'>,
): { body: string } | { message: string } {
  const text = normaliseText(body ?? '');
  if (!text) return { message: 'Write your reply before sending it.' };
  const length = [...text].length;
  if (length > settings.commentMaxLength) {
    return {
      message: `Your comment is ${length.toLocaleString('en')} characters long; the limit is ${settings.commentMaxLength.toLocaleString('en')}. Shorten it and send it again.`,
    };
  }
  return { body: text };
}

/** Stores an approved comment by a staff member, with its log row naming them. */
export async function storeStaffComment(
  db: Kysely<Database>,
  post: Pick<Post, 'id'>,
  parentId: number | null,
  body: string,
  staff: Staff,
  now: Date,
): Promise<Comment> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('comments')
      .values({
        post_id: post.id,
        parent_id: parentId,
        author_name: staff.name,
        author_email: null,
        author_url: staff.profile_url && /^https?:\/\//i.test(staff.profile_url) ? staff.profile_url : null,
        author_user_id: staff.id,
        body_text: body,
        body_html: renderCommentHtml(body),
        body_hash: bodyHash(body),
        status: 'approved',
        ip_hash: null,
        user_agent: null,
        spam_reason: null,
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
        user_id: staff.id,
        action: 'posted',
        from_status: null,
        to_status: 'approved',
        created_at: at,
      })
      .execute();
    return row;
  });
}

export type StaffReplyResult =
  | { kind: 'stored'; comment: Comment; post: Post }
  | { kind: 'rejected'; status: 400 | 404; message: string };

/**
 * A reply from the admin's comment queue, under the comment it answers. Replying to a comment that
 * awaits moderation approves it first (answering it is accepting it); spam and deleted comments
 * must be restored before they can be answered.
 */
export async function replyAsStaff(
  db: Kysely<Database>,
  parentId: number,
  text: string | undefined,
  staff: Staff,
  settings: Pick<BlogSettings, 'commentMaxLength'>,
  now: Date,
): Promise<StaffReplyResult> {
  const parent = await db.selectFrom('comments').selectAll().where('id', '=', parentId).executeTakeFirst();
  if (!parent) return { kind: 'rejected', status: 404, message: `There is no comment number ${parentId}.` };
  const post = await findPostById(db, parent.post_id);
  if (!post || post.trashed_at) {
    return { kind: 'rejected', status: 404, message: 'The post of this comment is gone (in the trash).' };
  }
  if (parent.status === 'spam' || parent.status === 'deleted') {
    return {
      kind: 'rejected',
      status: 400,
      message: `This comment is marked ${parent.status}: restore it before replying to it.`,
    };
  }
  const checked = checkStaffBody(text, settings);
  if ('message' in checked) return { kind: 'rejected', status: 400, message: checked.message };
  if (parent.status === 'pending') await setCommentStatus(db, [parent.id], 'approved', staff.id, now);
  const comment = await storeStaffComment(db, post, parent.id, checked.body, staff, now);
  return { kind: 'stored', comment, post };
}
