// POST /comments/:postId — the comment form's endpoint. Rate limit (every POST counts) → size
// limit → read the form → the rules (post-comment.ts) → redirect to the comment, or the post page
// with the form, the reader's text and the problem named. GET sends stray visitors to the post.
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.ts';
import { recordId } from '../lib/record-id.ts';
import { hashAddress } from '../limits/client-address.ts';
import { BUSY_RETRY_SECONDS, isDatabaseBusy } from '../storage/busy.ts';
import type { Comment, Post } from '../storage/schema.ts';
import { urls } from '../web/urls.ts';
import { commentFormFor, type FormOptions, secretOf } from './form.tsx';
import { readCommentForm } from './form-body.ts';
import { noticePage } from './notice-page.tsx';
import { type CommentInput, commentablePost, postComment } from './post-comment.ts';
import { commentRateLimit, type Limited, type RateLimitEnv } from './rate-limit-middleware.ts';
import { updateRememberedCommenter } from './remember.ts';
import { HONEYPOT_FIELD } from './views/CommentForm.tsx';

/** The largest form accepted: room for the longest comment in percent-encoded Khmer, and more. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Past the limit, this many more POSTs still get the form back with their text; then only a notice. */
const FLOOD_MARGIN = 5;

/** The post page with the form in a state; the page is composed above this domain (src/site/). */
export type PostWithForm = (
  deps: AppDeps,
  c: Context,
  post: Post,
  status: 200 | 400 | 403 | 404 | 503,
  form: FormOptions,
) => Promise<Response>;

/** Called when a stored comment's author asked to be told of replies (wired to src/subscriptions/). */
export type ReplyRequest = (comment: Comment, post: Post) => Promise<void>;

export function commentRoutes(deps: AppDeps, postPageWithForm: PostWithForm, askForReplies?: ReplyRequest) {
  const { db } = deps.store;
  const app = new Hono<RateLimitEnv>();

  app.get('/comments/:postId{[0-9]+}', async (c) => {
    const post = await commentablePost(db, recordId(c.req.param('postId')), deps.now());
    return post ? c.redirect(`${urls.post(post)}#comment-form`, 302) : c.notFound();
  });

  const sizeLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: async (c) => {
      const post = await commentablePost(db, recordId(c.req.param('postId')), deps.now());
      return noticePage(deps, c, 413, 'Your comment is too large', tooLarge(), post);
    },
  });

  // A flood, not a person retrying: the cheapest answer, before the body is even read.
  const floodGate: MiddlewareHandler<RateLimitEnv> = async (c, next) => {
    const limited = c.get('limited');
    if (!limited || limited.hits <= limited.limit + FLOOD_MARGIN) return next();
    c.header('retry-after', String(limited.retryAfter));
    return noticePage(deps, c, 429, 'Please wait before commenting again', slowDown(limited, false));
  };

  // The database is busy (an import holds the write lock): the app answers 503 with Retry-After;
  // here the reader also gets the post page back with their comment in the form, not a bare notice.
  const busyKeepsComment: MiddlewareHandler<RateLimitEnv> = async (c, next) => {
    await next();
    if (!c.error || !isDatabaseBusy(c.error)) return;
    const read = await readCommentForm(c.req.header('content-type'), await c.req.arrayBuffer());
    const post = await commentablePost(db, recordId(c.req.param('postId')), deps.now());
    if (!read.ok || !post) return;
    const values = formValues(read.fields);
    c.header('retry-after', String(BUSY_RETRY_SECONDS));
    c.res = await postPageWithForm(deps, c, post, 503, {
      staff: c.get('staff') ?? null,
      values,
      replyTo: values.parent,
      error: {
        message: `The blog is busy for a moment (another task is writing to it), so your comment was not sent yet. It is kept below: try again in ${BUSY_RETRY_SECONDS} seconds or so.`,
      },
    });
  };

  app.post('/comments/:postId', busyKeepsComment, commentRateLimit(deps), floodGate, sizeLimit, async (c) => {
    c.header('cache-control', 'no-store');
    const postId = recordId(c.req.param('postId'));
    const limited = c.get('limited');
    const read = await readCommentForm(c.req.header('content-type'), await c.req.arrayBuffer());
    if (limited) {
      c.header('retry-after', String(limited.retryAfter));
      const post = await commentablePost(db, postId, deps.now());
      const values = read.ok ? formValues(read.fields) : undefined;
      const message = slowDown(limited, true);
      const form = post
        ? await commentFormFor(deps, post, { values, replyTo: values?.parent, error: { message } })
        : undefined;
      return noticePage(
        deps,
        c,
        429,
        'Please wait before commenting again',
        form ? undefined : message,
        post,
        form,
      );
    }
    if (!read.ok) {
      const post = await commentablePost(db, postId, deps.now());
      return noticePage(deps, c, read.status, 'Your comment could not be read', read.message, post);
    }
    const input: CommentInput = { postId, ...formValues(read.fields) };
    const { settings } = await deps.site.chrome();
    const address = c.get('address');
    const secret = await secretOf(deps.store);
    const result = await postComment(db, input, {
      settings,
      secret,
      now: deps.now(),
      address,
      addressHash: address ? hashAddress(secret, address) : null,
      userAgent: c.req.header('user-agent') ?? null,
      baseUrl: await deps.origin(),
      staff: c.get('staff'),
    });

    if (result.kind === 'rejected') {
      if (!result.post)
        return noticePage(deps, c, result.status, 'There is nothing to comment on here', result.message);
      const keepParent = result.field !== 'parent';
      return postPageWithForm(deps, c, result.post, result.status, {
        staff: c.get('staff'),
        values: input,
        replyTo: keepParent ? input.parent : undefined,
        error: { message: result.message, field: result.field },
      });
    }
    const { post, comment } = result;
    if (comment.author_user_id !== null) return c.redirect(urls.comment(post, comment.id), 303);
    // The page that follows is the same either way: it tells nobody whether the address follows.
    if (result.kind === 'stored' && input.notify && askForReplies) await askForReplies(comment, post);
    updateRememberedCommenter(
      c,
      read.fields.get('remember') === '1',
      { author: input.author?.trim() ?? '', url: input.url?.trim() ?? '' },
      new URL(c.req.url).protocol === 'https:' || Boolean(deps.config.baseUrl?.startsWith('https:')),
    );
    if (comment.status === 'approved') return c.redirect(urls.comment(post, comment.id), 303);
    return postPageWithForm(deps, c, post, 200, {
      held: { author: comment.author_name, html: comment.body_html },
    });
  });

  return app;
}

function formValues(fields: Map<string, string>) {
  return {
    author: fields.get('author'),
    email: fields.get('email'),
    url: fields.get('url'),
    body: fields.get('body'),
    parent: fields.get('parent'),
    honeypot: fields.get(HONEYPOT_FIELD),
    token: fields.get('token'),
    remember: fields.get('remember') === '1',
    notify: fields.get('notify') === '1',
  };
}

function tooLarge(): string {
  return `The form sent more than ${MAX_BODY_BYTES / 1024} KB, more than any comment needs. Shorten your comment and send it again.`;
}

function slowDown(limited: Limited, textKept: boolean): string {
  const wait =
    limited.retryAfter < 90
      ? `${limited.retryAfter} seconds`
      : `${Math.ceil(limited.retryAfter / 60)} minutes`;
  const then = textKept ? `Your text is kept below: send it again in ${wait}.` : `Try again in ${wait}.`;
  return limited.scope === 'address'
    ? `Too many comments have been sent from your address in the last few minutes. ${then}`
    : `The blog is receiving more comments than it can take just now. ${then}`;
}
