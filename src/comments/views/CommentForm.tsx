import type { FC } from 'hono/jsx';
import type { Post } from '../../storage/schema.ts';

/** The "Post a Comment" form. Until comment posting is switched on, it says so and is disabled. */
export const CommentForm: FC<{ post: Post }> = () => (
  <form
    class="comment-form"
    id="comment-form"
    method="post"
    action="#comment-form"
    aria-labelledby="comment-form-title"
  >
    <h3 id="comment-form-title">Post a Comment</h3>
    <p class="form-note">Comments open soon.</p>
    <fieldset disabled>
      <label>
        Your comment
        <textarea name="body" rows={5} />
      </label>
    </fieldset>
  </form>
);
