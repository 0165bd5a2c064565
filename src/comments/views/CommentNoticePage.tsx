import type { Child, FC } from 'hono/jsx';
import type { Chrome } from '../../web/theme/chrome.ts';
import { Layout } from '../../web/theme/Layout.tsx';
import { urls } from '../../web/urls.ts';

/** A short page about a comment that could not be taken as it was: too large, too many, no post. */
export const CommentNoticePage: FC<{
  chrome: Chrome;
  title: string;
  /** The problem, unless the form below names it. */
  message?: string;
  post?: { title: string; path: string };
  children?: Child;
}> = ({ chrome, title, message, post, children }) => (
  <Layout chrome={chrome} title={title} head={<meta name="robots" content="noindex" />}>
    <div class="notice comment-notice">
      <h1>{title}</h1>
      {message && (
        <p class="form-error" role="alert">
          {message}
        </p>
      )}
      {children}
      <p>
        {post ? (
          <a href={urls.comments(post)}>Back to “{post.title}”</a>
        ) : (
          <a href={urls.home()}>Go to the home page</a>
        )}
      </p>
    </div>
  </Layout>
);
