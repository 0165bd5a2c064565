import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { CommentPolicy, Post } from '../../storage/schema.ts';
import { urls } from '../../web/urls.ts';
import type { CommentField } from '../post-comment.ts';

export interface CommentFormState {
  policy: CommentPolicy;
  /** The signed, timed form token (src/comments/token.ts). */
  token: string;
  maxLength: number;
  /** The comment being answered, when the reader followed its "Reply" link. */
  replyTo?: { id: number; author: string; excerpt: string };
  /** What the reader wrote, shown again after a problem. */
  values?: {
    author?: string;
    email?: string;
    url?: string;
    body?: string;
    remember?: boolean;
    notify?: boolean;
  };
  error?: { message: string; field?: CommentField };
  /** A comment that was just received and awaits moderation. */
  held?: { author: string; html: string };
  /** The signed-in staff member: they comment as themselves, published at once. */
  staff?: { name: string };
  /** Whether the blog can mail replies ("Notify me"): it can send mail. */
  notifyOffered?: boolean;
}

export const HONEYPOT_FIELD = 'website';

/** The "Post a Comment" form; it works without JavaScript and keeps the reader's text on errors. */
export const CommentForm: FC<{ post: Post; state: CommentFormState }> = ({ post, state }) => {
  if (state.policy === 'closed') {
    return (
      <div class="comment-form comments-closed" id="comment-form">
        <h3>Post a Comment</h3>
        {state.error && (
          <p class="form-error" role="alert">
            {state.error.message}
          </p>
        )}
        <p class="form-note">Comments are closed on this post.</p>
        {state.values?.body && (
          <div class="comment-kept">
            <p class="form-note">What you wrote, so you can keep it:</p>
            <blockquote>{state.values.body}</blockquote>
          </div>
        )}
      </div>
    );
  }
  const v = state.values ?? {};
  const error = state.error;
  const invalid = (field: CommentField) =>
    error?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': 'comment-error' } : {};
  return (
    <form
      class="comment-form"
      id="comment-form"
      method="post"
      // The fragment brings the reader back to the form (its message) on a re-shown page.
      action={`${urls.commentPost(post.id)}#comment-form`}
      aria-labelledby="comment-form-title"
    >
      <h3 id="comment-form-title">Post a Comment</h3>
      {state.held && (
        <div class="form-ok" role="status">
          <p>
            <strong>Thank you — your comment awaits moderation.</strong> It will appear here once a moderator
            approves it.
          </p>
          <div class="comment-held">
            <p class="comment-meta">
              <span class="comment-author">{state.held.author}</span> wrote:
            </p>
            <div class="comment-body">{raw(state.held.html)}</div>
          </div>
        </div>
      )}
      {error && (
        <p class="form-error" id="comment-error" role="alert">
          {error.message}
        </p>
      )}
      {state.replyTo && (
        <div class="comment-replying">
          <p>
            Replying to <a href={urls.comment(post, state.replyTo.id)}>{state.replyTo.author}</a>:{' '}
            <q>{state.replyTo.excerpt}</q>
          </p>
          <a class="comment-reply-cancel" href={`${urls.post(post)}#comment-form`}>
            Cancel reply
          </a>
        </div>
      )}
      <input type="hidden" name="token" value={state.token} />
      <input type="hidden" name="parent" value={state.replyTo ? String(state.replyTo.id) : ''} />
      <label>
        Your comment
        <textarea name="body" rows={6} required maxlength={state.maxLength} {...invalid('body')}>
          {v.body ?? ''}
        </textarea>
      </label>
      <p class="form-note">
        Blank lines start new paragraphs; web addresses become links. You may use &lt;b&gt;, &lt;i&gt; and
        &lt;a href="…"&gt;.
      </p>
      {state.staff ? (
        <p class="comment-as">
          Commenting as <strong>{state.staff.name}</strong> <span class="comment-badge">Staff</span> — you are
          signed in, so your comment is published at once.
        </p>
      ) : (
        <>
          <div class="comment-form-fields">
            <label>
              Name
              <input
                type="text"
                name="author"
                value={v.author ?? ''}
                placeholder="Anonymous"
                maxlength={100}
                autocomplete="name"
                {...invalid('author')}
              />
            </label>
            <label>
              <span>
                E-mail <span class="optional">(optional, never shown)</span>
              </span>
              <input
                type="email"
                name="email"
                value={v.email ?? ''}
                maxlength={254}
                autocomplete="email"
                {...invalid('email')}
              />
            </label>
            <label>
              <span>
                Web site <span class="optional">(optional)</span>
              </span>
              <input
                type="text"
                inputmode="url"
                name="url"
                value={v.url ?? ''}
                maxlength={500}
                autocomplete="url"
                placeholder="https://"
                {...invalid('url')}
              />
            </label>
          </div>
          {state.notifyOffered && (
            <label class="comment-remember comment-notify">
              <input type="checkbox" name="notify" value="1" checked={Boolean(v.notify)} /> Notify me of
              replies by e-mail{' '}
              <span class="optional">(to the address above, after you confirm by mail; stop any time)</span>
            </label>
          )}
          <label class="comment-remember">
            <input type="checkbox" name="remember" value="1" checked={Boolean(v.remember)} /> Remember my name
            and web site on this browser <span class="optional">(a cookie; never the e-mail address)</span>
          </label>
          {/* Hidden from people (and screen readers); robots that fill every field give themselves away. */}
          <div class="comment-hp" hidden aria-hidden="true">
            <label>
              Leave this field empty
              <input type="text" name={HONEYPOT_FIELD} value="" tabindex={-1} autocomplete="off" />
            </label>
          </div>
        </>
      )}
      {state.policy === 'moderated' && !state.staff && (
        <p class="form-note">Comments are moderated: yours will appear once it is approved.</p>
      )}
      <button type="submit">{state.replyTo ? 'Publish reply' : 'Publish comment'}</button>
    </form>
  );
};
