// Reply notifications, Blogger's "Notify me": a commenter who ticks the box under the comment form
// is told by mail of each approved reply to their comment (a staff reply too), under the same rules
// as following the blog: double opt-in by a link that expires and is confirmed only by a POST,
// the same per-address limit on sign-up mails, the same answer whatever the address's state, the
// suppression list, and a one-click unsubscribe that ends this thread's mail. Replies are found by
// a look at the database (queueReplyMails, run by the subscriptions' job), so a reply approved by a
// moderator later, or restored from spam, is mailed as well, and each reply once.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hitWindow } from '../limits/fixed-window.ts';
import type { Comment, Database, Post, ReplySubscription } from '../storage/schema.ts';
import { addressKey, checkAddress } from './addresses.ts';
import type { MailContext } from './compose.ts';
import { enqueueMail } from './queue.ts';
import { replyConfirmationMail, replyMail } from './reply-mails.ts';
import { CONFIRM_TTL_MS, confirmStateOf, hashSecret, splitConfirmToken } from './subscribe.ts';
import { isSuppressed } from './suppressions.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export type AskResult = 'asked' | 'not-asked';

/**
 * The commenter asked to be told of replies: store the request as pending and queue its
 * confirmation. Says nothing to the commenter either way (they are shown the same page).
 */
export async function askForReplies(
  db: Kysely<Database>,
  comment: Pick<Comment, 'id' | 'author_email' | 'status'>,
  post: Pick<Post, 'title'>,
  ctx: MailContext & { limitPerEmail: number },
): Promise<AskResult> {
  if (comment.status === 'spam' || comment.status === 'deleted') return 'not-asked';
  const address = checkAddress(comment.author_email ?? undefined);
  if (!address.ok) return 'not-asked';
  const { email } = address;
  // The same daily allowance as the follow form's: a comment form cannot flood an inbox either.
  const { hits } = await hitWindow(db, `subscribe:mail:${addressKey(email)}`, DAY_MS, ctx.now);
  if (hits > ctx.limitPerEmail || (await isSuppressed(db, email))) return 'not-asked';
  const secret = randomBytes(24).toString('base64url');
  const request = await db
    .insertInto('reply_subscriptions')
    .values({
      comment_id: comment.id,
      email,
      status: 'pending',
      token: randomBytes(24).toString('base64url'),
      confirm_hash: hashSecret(secret),
      confirm_expires_at: new Date(ctx.now.getTime() + CONFIRM_TTL_MS).toISOString(),
      created_at: ctx.now.toISOString(),
      confirmed_at: null,
      unsubscribed_at: null,
    })
    .onConflict((oc) => oc.column('comment_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!request) return 'not-asked';
  await enqueueMail(
    db,
    [replyConfirmationMail(ctx, request, post, `${request.id}.${secret}`)],
    ctx.baseUrl,
    ctx.now,
  );
  return 'asked';
}

export type ReplyConfirmCheck =
  | { kind: 'valid' | 'expired' | 'confirmed'; request: ReplySubscription }
  | { kind: 'unknown' };

/** What a reply confirmation link leads to, without changing anything (the GET's page). */
export async function checkReplyConfirmToken(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<ReplyConfirmCheck> {
  const parts = splitConfirmToken(token);
  if (!parts) return { kind: 'unknown' };
  const request = await db
    .selectFrom('reply_subscriptions')
    .selectAll()
    .where('id', '=', parts.id)
    .executeTakeFirst();
  const state = request ? confirmStateOf(request, parts.secret, now) : 'unknown';
  return state === 'unknown' ? { kind: 'unknown' } : { kind: state, request: request! };
}

/** The confirmation page's POST: confirms a valid, unexpired link once. */
export async function confirmReplies(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<ReplyConfirmCheck> {
  const check = await checkReplyConfirmToken(db, token, now);
  if (check.kind !== 'valid') return check;
  const request = await db
    .updateTable('reply_subscriptions')
    .set({
      status: 'confirmed',
      confirmed_at: now.toISOString(),
      confirm_hash: null,
      confirm_expires_at: null,
    })
    .where('id', '=', check.request.id)
    .where('confirm_hash', '=', check.request.confirm_hash)
    .returningAll()
    .executeTakeFirst();
  return request ? { kind: 'valid', request } : { kind: 'unknown' };
}

export async function replySubscriptionByToken(
  db: Kysely<Database>,
  token: string,
): Promise<ReplySubscription | undefined> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
  return db.selectFrom('reply_subscriptions').selectAll().where('token', '=', token).executeTakeFirst();
}

/** Ends the thread's notifications at once and cancels what waits; false when the token names none. */
export async function stopReplies(db: Kysely<Database>, token: string, now: Date): Promise<boolean> {
  const request = await replySubscriptionByToken(db, token);
  if (!request) return false;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reply_subscriptions')
      .set({ status: 'unsubscribed', unsubscribed_at: now.toISOString(), confirm_hash: null })
      .where('id', '=', request.id)
      .execute();
    await trx
      .updateTable('mail_queue')
      .set({ status: 'cancelled' })
      .where('reply_subscription_id', '=', request.id)
      .where('status', '=', 'waiting')
      .execute();
  });
  return true;
}

/**
 * Queues a mail for each approved reply, not mailed before, to a comment whose author confirmed
 * they want to hear of replies; replies written before the request are not news. A reply by the
 * commenter themselves (the same address, or a staff account with it) is passed over.
 */
export async function queueReplyMails(db: Kysely<Database>, ctx: MailContext): Promise<number> {
  const rows = await db
    .selectFrom('reply_subscriptions as s')
    .innerJoin('comments as parent', 'parent.id', 's.comment_id')
    .innerJoin('comments as reply', 'reply.parent_id', 's.comment_id')
    .innerJoin('posts', 'posts.id', 'reply.post_id')
    .leftJoin('users', 'users.id', 'reply.author_user_id')
    .select([
      's.id as requestId',
      's.email',
      's.token',
      'reply.id as replyId',
      'reply.author_name',
      'reply.author_email',
      'reply.body_text',
      'reply.body_html',
      'users.email as staffEmail',
      'posts.title',
      'posts.path',
    ])
    .where('s.status', '=', 'confirmed')
    .where('parent.status', '=', 'approved')
    .where('reply.status', '=', 'approved')
    .whereRef('reply.created_at', '>=', 's.created_at')
    .where('posts.status', '=', 'published')
    .where('posts.trashed_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('reply_mailings')
            .select('comment_id')
            .whereRef('reply_mailings.comment_id', '=', 'reply.id'),
        ),
      ),
    )
    .orderBy('reply.id')
    .limit(200)
    .execute();
  let queued = 0;
  for (const row of rows) {
    queued += await db.transaction().execute(async (trx) => {
      // Another process may have taken this reply a moment ago: then it is theirs.
      const mine = await trx
        .insertInto('reply_mailings')
        .values({ comment_id: row.replyId, queued_at: ctx.now.toISOString() })
        .onConflict((oc) => oc.column('comment_id').doNothing())
        .returning('comment_id')
        .executeTakeFirst();
      if (!mine) return 0;
      const own = [row.author_email, row.staffEmail].some((e) => e?.trim().toLowerCase() === row.email);
      if (own) return 0;
      const mail = replyMail(
        ctx,
        { id: row.requestId, email: row.email, token: row.token },
        { title: row.title, path: row.path },
        { id: row.replyId, author_name: row.author_name, body_text: row.body_text, body_html: row.body_html },
      );
      return enqueueMail(trx, [mail], ctx.baseUrl, ctx.now);
    });
  }
  return queued;
}
