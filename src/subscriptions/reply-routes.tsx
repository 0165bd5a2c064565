// The links of reply notifications: the confirmation page (only its button's POST confirms) and
// the thread's unsubscribe, whose RFC 8058 one-click POST needs no session, token field or
// confirmation. Also what the comment form calls when a commenter ticks "Notify me".
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.ts';
import type { Comment, Post } from '../storage/schema.ts';
import { urls } from '../web/urls.ts';
import { mailContext } from './context.ts';
import { subscriptionPages, unknownLink } from './page.tsx';
import {
  askForReplies,
  checkReplyConfirmToken,
  confirmReplies,
  replySubscriptionByToken,
  stopReplies,
} from './replies.ts';
import { readSubscriptionSettings } from './settings.ts';
import { TokenButton } from './views/SubscriptionPage.tsx';

export function replyRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono();
  const page = subscriptionPages(deps);
  const small = bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('The form is too large.', 413) });
  const unknown = (c: Context) => page(c, 'This link does not work', <p>{unknownLink()}</p>, 404);
  const expired = (c: Context) =>
    page(
      c,
      'This link has expired',
      <p>
        Confirmation links work for 48 hours. To be told of replies, comment again with “Notify me of replies”
        ticked.
      </p>,
      410,
    );
  const confirmed = (c: Context, token: string) =>
    page(c, 'You will be told of replies', [
      <p>Each reply to your comment will come to your inbox. Every such mail has a link to stop them.</p>,
      <TokenButton action="/subscriptions/replies/unsubscribe" token={token} label="Stop these mails now" />,
    ]);

  app.get('/subscriptions/replies/confirm', async (c) => {
    const token = c.req.query('token') ?? '';
    const check = await checkReplyConfirmToken(db, token, deps.now());
    if (check.kind === 'unknown') return unknown(c);
    if (check.kind === 'expired') return expired(c);
    if (check.kind === 'confirmed') return confirmed(c, check.request.token);
    return page(c, 'Confirm: tell me of replies', [
      <p>Press the button to receive each reply to your comment at {check.request.email}.</p>,
      <TokenButton action="/subscriptions/replies/confirm" token={token} label="Tell me of replies" />,
    ]);
  });

  app.post('/subscriptions/replies/confirm', small, async (c) => {
    const token = text((await c.req.parseBody()).token);
    const result = await confirmReplies(db, token, deps.now());
    if (result.kind === 'unknown') return unknown(c);
    if (result.kind === 'expired') return expired(c);
    return confirmed(c, result.request.token);
  });

  app.get('/subscriptions/replies/unsubscribe', async (c) => {
    const token = c.req.query('token') ?? '';
    const request = await replySubscriptionByToken(db, token);
    if (!request) return unknown(c);
    if (request.status === 'unsubscribed') return stopped(c);
    return page(c, 'Stop mail about replies', [
      <p>Press the button and {request.email} will receive no more mail about replies to this comment.</p>,
      <TokenButton action="/subscriptions/replies/unsubscribe" token={token} label="Stop these mails" />,
    ]);
  });

  // RFC 8058's one-click POST (token in the query) or the page's button (token in the form).
  app.post('/subscriptions/replies/unsubscribe', small, async (c) => {
    const form = await c.req.parseBody();
    const token = c.req.query('token') ?? text(form.token);
    const done = await stopReplies(db, token, deps.now());
    if (form['List-Unsubscribe'] === 'One-Click') {
      return done ? c.text('Unsubscribed.\n') : c.text('This unsubscribe link names no subscription.\n', 404);
    }
    return done ? stopped(c) : unknown(c);
  });

  const stopped = (c: Context) =>
    page(c, 'No more mail about replies', [
      <p>You will receive no more mail about replies to this comment.</p>,
      <p>
        To hear of new posts instead, <a href={urls.subscribe()}>follow the blog by e-mail</a>.
      </p>,
    ]);

  return app;
}

/** What the comment form calls when a stored comment's author ticked "Notify me of replies". */
export function replyRequests(deps: AppDeps) {
  return async (comment: Comment, post: Post): Promise<void> => {
    const { settings: blog } = await deps.site.chrome();
    const ctx = mailContext(deps, blog.title);
    if (!ctx) return;
    // The comment is stored whatever happens here: a failure costs the reader the mail, not the comment.
    try {
      const settings = await readSubscriptionSettings(deps.store.db);
      await askForReplies(deps.store.db, comment, post, { ...ctx, limitPerEmail: settings.limitPerEmail });
    } catch (err) {
      // A database's message may quote the address: log the error's code only.
      const code = (err as { code?: string }).code ?? (err as Error).name;
      console.error(`Could not record comment #${comment.id}'s request for replies (${code}).`);
    }
  };
}

function text(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : '';
}
