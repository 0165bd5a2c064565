// Every subscription mail, rendered when it is queued: subject, plain text, HTML, and the headers
// the big senders use (List-Unsubscribe with https and mailto, RFC 8058 one-click, List-Id), with
// a Message-ID derived from what the mail is for, so a retry carries the same one.
import { createHash } from 'node:crypto';
import { entryHtml } from '../feeds/content.ts';
import { escapeHtml, htmlToText } from '../lib/html.ts';
import type { Post, Subscriber } from '../storage/schema.ts';
import { absoluteUrl, urls } from '../web/urls.ts';

export interface MailContext {
  blogTitle: string;
  /** The blog's public address (GLOSS_BASE_URL): every link in a mail is absolute. */
  baseUrl: string;
  /** The From address; mailto unsubscribes go to it. */
  from: string;
  now: Date;
}

/** A mail ready for the queue (src/subscriptions/queue.ts). */
export interface OutgoingMail {
  kind: 'confirm' | 'reminder' | 'post' | 'digest' | 'reply-confirm' | 'reply';
  subscriberId: number | null;
  /** A reply notification's request (src/subscriptions/replies.ts). */
  replySubscriptionId?: number | null;
  to: string;
  dedupeKey: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
}

export function messageIdFor(dedupeKey: string, baseUrl: string): string {
  const hash = createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 22);
  return `<${hash}.gloss@${new URL(baseUrl).hostname}>`;
}

function listHeaders(ctx: MailContext, subscriber: Pick<Subscriber, 'token'>): Record<string, string> {
  const mailto = `mailto:${bareAddress(ctx.from)}?subject=${encodeURIComponent(`unsubscribe ${subscriber.token}`)}`;
  return {
    'List-Unsubscribe': `<${absoluteUrl(ctx.baseUrl, urls.unsubscribe(subscriber.token))}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': listId(ctx, 'posts'),
  };
}

export function confirmationMail(
  ctx: MailContext,
  subscriber: Subscriber,
  confirmToken: string,
): OutgoingMail {
  const link = absoluteUrl(ctx.baseUrl, urls.subscriptionConfirm(confirmToken));
  const title = oneLine(ctx.blogTitle);
  const text = [
    `Someone, probably you, asked to receive the posts of ${title} by e-mail at this address.`,
    '',
    `To confirm, open this link and press the button on the page (it works for 48 hours):`,
    link,
    '',
    'If it was not you, ignore this mail: nothing will be sent unless the link is followed.',
  ].join('\n');
  const html = `<p>Someone, probably you, asked to receive the posts of <b>${escapeHtml(title)}</b> by e-mail at this address.</p>
<p><a href="${escapeHtml(link)}">Confirm your subscription</a> (the link works for 48 hours).</p>
<p>If it was not you, ignore this mail: nothing will be sent unless the link is followed.</p>`;
  return {
    kind: 'confirm',
    subscriberId: subscriber.id,
    to: subscriber.email,
    dedupeKey: `confirm:${subscriber.id}:${confirmToken.slice(-12)}`,
    subject: `Confirm your subscription to ${title}`,
    text: `${text}\n`,
    html,
    headers: {},
  };
}

/** To a confirmed reader who signed up again: where to manage the subscription, nothing changed. */
export function reminderMail(ctx: MailContext, subscriber: Subscriber): OutgoingMail {
  const manage = absoluteUrl(ctx.baseUrl, urls.subscriptionManage(subscriber.token));
  const title = oneLine(ctx.blogTitle);
  return {
    kind: 'reminder',
    subscriberId: subscriber.id,
    to: subscriber.email,
    dedupeKey: `reminder:${subscriber.id}:${ctx.now.toISOString()}`,
    subject: `Your subscription to ${title}`,
    text: `Someone asked to subscribe this address to ${title}. It already receives its posts.\n\nChoose what you receive, or unsubscribe, here:\n${manage}\n`,
    html: `<p>Someone asked to subscribe this address to <b>${escapeHtml(title)}</b>. It already receives its posts.</p><p><a href="${escapeHtml(manage)}">Choose what you receive, or unsubscribe</a>.</p>`,
    headers: listHeaders(ctx, subscriber),
  };
}

export function postMail(ctx: MailContext, subscriber: Subscriber, post: Post): OutgoingMail {
  const { html, text } = postBody(ctx, post, footerHtml(ctx, subscriber), footerText(ctx, subscriber));
  return {
    kind: 'post',
    subscriberId: subscriber.id,
    to: subscriber.email,
    dedupeKey: `post:${post.id}:${subscriber.id}`,
    subject: `[${oneLine(ctx.blogTitle)}] ${oneLine(post.title)}`,
    text,
    html,
    headers: listHeaders(ctx, subscriber),
  };
}

function postBody(ctx: MailContext, post: Post, footHtml: string, footText: string) {
  const url = absoluteUrl(ctx.baseUrl, urls.post(post));
  const body = entryHtml(post, ctx.baseUrl);
  return {
    html: `<h1><a href="${escapeHtml(url)}">${escapeHtml(post.title)}</a></h1>
${body}
${footHtml}`,
    text: `${post.title}\n${url}\n\n${htmlToText(body)}\n\n${footText}`,
  };
}

/** One mail for a day's posts; `day` (YYYY-MM-DD in the blog's zone) names the digest. */
export function digestMail(
  ctx: MailContext,
  subscriber: Subscriber,
  posts: Post[],
  day: string,
): OutgoingMail {
  const sections = posts.map((post) => {
    const url = absoluteUrl(ctx.baseUrl, urls.post(post));
    return { url, post, body: entryHtml(post, ctx.baseUrl) };
  });
  const html = `<h1>${escapeHtml(oneLine(ctx.blogTitle))}: ${posts.length === 1 ? 'one new post' : `${posts.length} new posts`}</h1>
${sections.map((s) => `<h2><a href="${escapeHtml(s.url)}">${escapeHtml(s.post.title)}</a></h2>\n${s.body}`).join('\n<hr/>\n')}
${footerHtml(ctx, subscriber)}`;
  const text = `${sections.map((s) => `${s.post.title}\n${s.url}\n\n${htmlToText(s.body)}`).join('\n\n----\n\n')}\n\n${footerText(ctx, subscriber)}`;
  return {
    kind: 'digest',
    subscriberId: subscriber.id,
    to: subscriber.email,
    dedupeKey: `digest:${subscriber.id}:${day}`,
    subject: `[${oneLine(ctx.blogTitle)}] ${posts.length === 1 ? oneLine(posts[0]!.title) : `${posts.length} new posts`} (${day})`,
    text,
    html,
    headers: listHeaders(ctx, subscriber),
  };
}

/** A subscriber's mail of the post, sent to the editor by the admin's test send; sent at once, never queued. */
export function sampleMail(ctx: MailContext, to: string, post: Post): Omit<OutgoingMail, 'dedupeKey'> {
  const note = `This is a test send from the editor's desk of ${oneLine(ctx.blogTitle)}: the mail subscribers receive for this post. Their copies end with their own links to choose what they receive and to unsubscribe.`;
  const { html, text } = postBody(
    ctx,
    post,
    `<hr/><p style="font-size:small;color:#555">${escapeHtml(note)}</p>`,
    `--\n${note}\n`,
  );
  return {
    kind: 'post',
    subscriberId: null,
    to,
    subject: `[${oneLine(ctx.blogTitle)}] ${oneLine(post.title)} (test send)`,
    text,
    html,
    headers: { 'List-Id': listId(ctx, 'posts') },
  };
}

function footerText(ctx: MailContext, subscriber: Subscriber): string {
  return `--\nYou receive this because you subscribed to ${oneLine(ctx.blogTitle)}.\nChoose what you receive: ${absoluteUrl(ctx.baseUrl, urls.subscriptionManage(subscriber.token))}\nUnsubscribe: ${absoluteUrl(ctx.baseUrl, urls.unsubscribe(subscriber.token))}\n`;
}

function footerHtml(ctx: MailContext, subscriber: Subscriber): string {
  const manage = escapeHtml(absoluteUrl(ctx.baseUrl, urls.subscriptionManage(subscriber.token)));
  const unsub = escapeHtml(absoluteUrl(ctx.baseUrl, urls.unsubscribe(subscriber.token)));
  return `<hr/><p style="font-size:small;color:#555">You receive this because you subscribed to ${escapeHtml(oneLine(ctx.blogTitle))}. <a href="${manage}">Choose what you receive</a> · <a href="${unsub}">Unsubscribe</a></p>`;
}

/** The List-Id of one of the blog's lists ('posts', 'replies'): its title and an id under its host. */
export function listId(ctx: MailContext, list: string): string {
  return `${oneLine(ctx.blogTitle).replace(/["\\<>]/g, '')} <${list}.${new URL(ctx.baseUrl).hostname}>`;
}

export function bareAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
