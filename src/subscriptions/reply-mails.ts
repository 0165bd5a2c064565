// The mails of reply notifications ("Notify me" under the comment form): the confirmation a
// commenter's address is sent, and the mail of each reply to their comment, with the big senders'
// headers. The unsubscribe links end this one thread's notifications, nothing else.
import { escapeHtml } from '../lib/html.ts';
import type { Comment, Post, ReplySubscription } from '../storage/schema.ts';
import { absoluteUrl, urls } from '../web/urls.ts';
import { bareAddress, listId, type MailContext, type OutgoingMail, oneLine } from './compose.ts';

export function replyConfirmationMail(
  ctx: MailContext,
  request: Pick<ReplySubscription, 'id' | 'email'>,
  post: Pick<Post, 'title'>,
  confirmToken: string,
): OutgoingMail {
  const link = absoluteUrl(ctx.baseUrl, urls.replyConfirm(confirmToken));
  const title = oneLine(ctx.blogTitle);
  const postTitle = oneLine(post.title);
  const text = [
    `Someone, probably you, commented on “${postTitle}” on ${title} and asked to be told of replies by e-mail at this address.`,
    '',
    'To confirm, open this link and press the button on the page (it works for 48 hours):',
    link,
    '',
    'If it was not you, ignore this mail: nothing will be sent unless the link is followed.',
  ].join('\n');
  const html = `<p>Someone, probably you, commented on “${escapeHtml(postTitle)}” on <b>${escapeHtml(title)}</b> and asked to be told of replies by e-mail at this address.</p>
<p><a href="${escapeHtml(link)}">Confirm: tell me of replies</a> (the link works for 48 hours).</p>
<p>If it was not you, ignore this mail: nothing will be sent unless the link is followed.</p>`;
  return {
    kind: 'reply-confirm',
    subscriberId: null,
    replySubscriptionId: request.id,
    to: request.email,
    dedupeKey: `reply-confirm:${request.id}:${confirmToken.slice(-12)}`,
    subject: `Confirm: replies to your comment on “${postTitle}”`,
    text: `${text}\n`,
    html,
    headers: {},
  };
}

export function replyMail(
  ctx: MailContext,
  request: Pick<ReplySubscription, 'id' | 'email' | 'token'>,
  post: Pick<Post, 'title' | 'path'>,
  reply: Pick<Comment, 'id' | 'author_name' | 'body_text' | 'body_html'>,
): OutgoingMail {
  const link = absoluteUrl(ctx.baseUrl, urls.comment(post, reply.id));
  const stop = absoluteUrl(ctx.baseUrl, urls.replyUnsubscribe(request.token));
  const title = oneLine(ctx.blogTitle);
  const postTitle = oneLine(post.title);
  const who = oneLine(reply.author_name);
  const mailto = `mailto:${bareAddress(ctx.from)}?subject=${encodeURIComponent(`unsubscribe replies ${request.token}`)}`;
  const text = [
    `${who} replied to your comment on “${postTitle}”:`,
    '',
    reply.body_text,
    '',
    `Read it and answer: ${link}`,
    '',
    '--',
    `You receive this because you asked ${title} to tell you of replies to your comment.`,
    `No more mail about this comment: ${stop}`,
    '',
  ].join('\n');
  const html = `<p><b>${escapeHtml(who)}</b> replied to your comment on “${escapeHtml(postTitle)}”:</p>
<blockquote style="margin:1em 0;padding-left:1em;border-left:3px solid #ccc">${reply.body_html}</blockquote>
<p><a href="${escapeHtml(link)}">Read it and answer</a></p>
<hr/><p style="font-size:small;color:#555">You receive this because you asked ${escapeHtml(title)} to tell you of replies to your comment. <a href="${escapeHtml(stop)}">No more mail about this comment</a></p>`;
  return {
    kind: 'reply',
    subscriberId: null,
    replySubscriptionId: request.id,
    to: request.email,
    dedupeKey: `reply:${reply.id}:${request.id}`,
    subject: `[${title}] ${who} replied to your comment on “${postTitle}”`,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${stop}>, <${mailto}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': listId(ctx, 'replies'),
    },
  };
}
