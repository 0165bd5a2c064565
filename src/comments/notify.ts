// A new comment's e-mail to the post's author (else the blog's owner). It is queued in the outbox
// table, in the same transaction as the comment; the outbox sender mails it when SMTP is set up,
// and otherwise it waits there for the editor's desk to show.
import type { Kysely, Transaction } from 'kysely';
import type { Comment, Database, Post } from '../storage/schema.ts';
import { absoluteUrl, urls } from '../web/urls.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface CommentMail {
  post: Pick<Post, 'id' | 'title' | 'path' | 'author_id'>;
  comment: Pick<Comment, 'id' | 'author_name' | 'author_url' | 'body_text' | 'status'>;
  blogTitle: string;
  /** The configured public address (GLOSS_BASE_URL); without it, links are paths on the blog. */
  baseUrl: string | null;
  now: Date;
}

/** Queues the notification; false when nobody with an e-mail address can receive it. */
export async function queueCommentMail(db: Db, mail: CommentMail): Promise<boolean> {
  const to = await recipient(db, mail.post.author_id);
  if (!to) return false;
  await db
    .insertInto('outbox')
    .values({
      to_address: to,
      subject: subjectOf(mail),
      body: bodyOf(mail),
      created_at: mail.now.toISOString(),
      sent_at: null,
      error: null,
    })
    .execute();
  return true;
}

async function recipient(db: Db, authorId: number | null): Promise<string | null> {
  if (authorId !== null) {
    const author = await db
      .selectFrom('users')
      .select('email')
      .where('id', '=', authorId)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (author?.email) return author.email;
  }
  const owner = await db
    .selectFrom('users')
    .select('email')
    .where('role', '=', 'owner')
    .where('active', '=', 1)
    .where('email', 'is not', null)
    .orderBy('id')
    .executeTakeFirst();
  return owner?.email ?? null;
}

function subjectOf({ post, comment, blogTitle }: CommentMail): string {
  const what = comment.status === 'approved' ? 'New comment' : 'Comment awaiting moderation';
  return oneLine(`[${blogTitle}] ${what} on “${post.title}”`);
}

function bodyOf({ post, comment, baseUrl }: CommentMail): string {
  // Never the request's Host header: a commenter could make the mail link to a site of theirs.
  const at = (path: string) => (baseUrl ? absoluteUrl(baseUrl, path) : path);
  const link = at(urls.comment(post, comment.id));
  const lines = [
    `${oneLine(comment.author_name)} wrote on “${oneLine(post.title)}”:`,
    '',
    comment.body_text,
    '',
    comment.status === 'approved'
      ? `It is published: ${link}`
      : `It waits for a moderator in the editor's desk: ${at('/admin/')}`,
  ];
  if (comment.author_url) lines.push(`Their web site: ${comment.author_url}`);
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
