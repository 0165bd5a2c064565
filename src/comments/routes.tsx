// POST /comments/:postId — the comment form's endpoint. Rate limit (every POST counts) → size
// limit → read the form → the rules (post-comment.ts) → redirect to the comment, or the post page
// with the form, the reader's text and the problem named. GET sends stray visitors to the post.
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../app-deps.ts';
import { labelsOf, neighbours } from '../posts/queries.ts';
import { PostPage } from '../posts/views/PostPage.tsx';
import type { Post } from '../storage/schema.ts';
import { urls } from '../web/urls.ts';
import { clientAddress, hashAddress, rateLimitSubject } from './client-address.ts';
import { commentFormFor, type FormOptions, secretOf } from './form.tsx';
import { readCommentForm } from './form-body.ts';
import { type CommentInput, commentablePost, postComment } from './post-comment.ts';
import { hitLimit, type RateVerdict } from './rate-limit.ts';
import { approvedCounts, approvedThread } from './thread.ts';
import { HONEYPOT_FIELD } from './views/CommentForm.tsx';
import { CommentNoticePage } from './views/CommentNoticePage.tsx';

/** The largest form accepted: room for the longest comment in percent-encoded Khmer, and more. */
export const MAX_BODY_BYTES = 64 * 1024;

type Env = {
  Variables: { limited: (RateVerdict & { scope: 'address' | 'blog' }) | null; address: string | null };
};

export function commentRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<Env>();

  app.get('/comments/:postId{[0-9]+}', async (c) => {
    const post = await commentablePost(db, Number(c.req.param('postId')), deps.now());
    return post ? c.redirect(`${urls.post(post)}#comment-form`, 302) : c.notFound();
  });

  // Counted before anything is read, so malformed and oversized POSTs use up the allowance too.
  const rateLimit: MiddlewareHandler<Env> = async (c, next) => {
    const { settings } = await deps.site.chrome();
    const address = clientAddress(c, settings.behindProxy);
    const subject = hashAddress(await secretOf(deps.store), rateLimitSubject(address));
    const window = Math.max(1, settings.commentLimitWindowMinutes) * 60;
    const now = deps.now();
    const mine = await hitLimit(db, `comment:addr:${subject}`, settings.commentLimitPerAddress, window, now);
    let limited: Env['Variables']['limited'] = mine.allowed ? null : { ...mine, scope: 'address' };
    if (!limited) {
      const all = await hitLimit(db, 'comment:all', settings.commentLimitGlobal, window, now);
      if (!all.allowed) limited = { ...all, scope: 'blog' };
    }
    c.set('limited', limited);
    c.set('address', address);
    await next();
  };

  const sizeLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: async (c) => {
      const post = await commentablePost(db, Number(c.req.param('postId')), deps.now());
      return notice(c, 413, 'Your comment is too large', tooLarge(), post);
    },
  });

  app.post('/comments/:postId', rateLimit, sizeLimit, async (c) => {
    c.header('cache-control', 'no-store');
    const postId = /^\d{1,15}$/.test(c.req.param('postId')) ? Number(c.req.param('postId')) : 0;
    const read = await readCommentForm(c.req.header('content-type'), await c.req.arrayBuffer());
    const limited = c.get('limited');
    if (limited) {
      c.header('retry-after', String(limited.retryAfter));
      const post = await commentablePost(db, postId, deps.now());
      const values = read.ok ? formValues(read.fields) : undefined;
      const message = slowDown(limited);
      const form = post
        ? await commentFormFor(deps, post, { values, replyTo: values?.parent, error: { message } })
        : undefined;
      return notice(c, 429, 'Please wait before commenting again', form ? undefined : message, post, form);
    }
    if (!read.ok) {
      const post = await commentablePost(db, postId, deps.now());
      return notice(c, read.status, 'Your comment could not be read', read.message, post);
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
      baseUrl: deps.config.baseUrl,
    });

    if (result.kind === 'rejected') {
      if (!result.post)
        return notice(c, result.status, 'There is nothing to comment on here', result.message);
      const keepParent = result.field !== 'parent';
      return postPage(c, result.post, result.status, {
        values: input,
        replyTo: keepParent ? input.parent : undefined,
        error: { message: result.message, field: result.field },
      });
    }
    const { post, comment } = result;
    if (comment.status === 'approved') return c.redirect(urls.comment(post, comment.id), 303);
    return postPage(c, post, 200, { held: { author: comment.author_name, html: comment.body_html } });
  });

  /** The post page as its own route renders it, with the form in the given state. */
  async function postPage(c: Context, post: Post, status: 200 | 400 | 403 | 404, form: FormOptions) {
    const [chrome, labels, thread, counts, near, commentForm] = await Promise.all([
      deps.site.chrome(),
      labelsOf(db, [post.id]),
      approvedThread(db, post.id),
      approvedCounts(db, [post.id]),
      neighbours(db, post),
      commentFormFor(deps, post, form),
    ]);
    return c.html(
      <PostPage
        chrome={chrome}
        data={{
          post,
          labels: labels.get(post.id) ?? [],
          thread,
          commentCount: counts.get(post.id) ?? 0,
          older: near.older,
          newer: near.newer,
          canonical: new URL(post.path, deps.config.baseUrl ?? new URL(c.req.url).origin).toString(),
          head: <meta name="robots" content="noindex" />,
          commentForm,
        }}
      />,
      status,
    );
  }

  async function notice(
    c: Context,
    status: 400 | 403 | 404 | 413 | 415 | 429,
    title: string,
    message: string | undefined,
    post?: Post,
    form?: Child,
  ) {
    const chrome = await deps.site.chrome();
    c.header('cache-control', 'no-store');
    return c.html(
      <CommentNoticePage chrome={chrome} title={title} message={message} post={post}>
        {form}
      </CommentNoticePage>,
      status,
    );
  }

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
  };
}

function tooLarge(): string {
  return `The form sent more than ${MAX_BODY_BYTES / 1024} KB, more than any comment needs. Shorten your comment and send it again.`;
}

function slowDown(limited: RateVerdict & { scope: 'address' | 'blog' }): string {
  const wait =
    limited.retryAfter < 90
      ? `${limited.retryAfter} seconds`
      : `${Math.ceil(limited.retryAfter / 60)} minutes`;
  return limited.scope === 'address'
    ? `Too many comments have been sent from your address in the last few minutes. Your text is kept below: send it again in ${wait}.`
    : `The blog is receiving more comments than it can take just now. Your text is kept below: send it again in ${wait}.`;
}
