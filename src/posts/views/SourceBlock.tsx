import type { FC } from 'hono/jsx';
import { joinNames, parseAuthors } from '../../lib/authors.ts';
import { formatSourceDate } from '../../lib/dates.ts';
import type { Post } from '../../storage/schema.ts';
import { urls } from '../../web/urls.ts';

/** The attribution of a clipped article: original title when it differs, authors, outlet, date, link. */
export const SourceBlock: FC<{ post: Post }> = ({ post }) => {
  const authors = parseAuthors(post.source_authors);
  const outlet = post.source_outlet;
  const showTitle = post.source_title && normalise(post.source_title) !== normalise(post.title);
  if (!post.source_outlet && authors.length === 0 && !post.source_url && !showTitle && !post.source_date)
    return null;
  return (
    <aside class="source" aria-label="Source of this article">
      <span class="source-kicker">{post.source_outlet ? 'Clipped from' : 'Source'}</span>
      {showTitle && <cite class="source-title">{post.source_title}</cite>}
      <span class="source-byline">
        {authors.length > 0 && (
          <span class="source-authors">
            By {outlet ? <AuthorLinks outlet={outlet} authors={authors} /> : joinNames(authors)}
          </span>
        )}
        {authors.length > 0 && outlet && ' · '}
        {outlet && (
          <a class="source-outlet" href={urls.source(outlet)}>
            {outlet}
          </a>
        )}
        {post.source_date && (
          <>
            {' · '}
            <time class="source-date" datetime={post.source_date}>
              {formatSourceDate(post.source_date)}
            </time>
          </>
        )}
      </span>
      {post.source_url && (
        <a class="source-link" href={post.source_url} rel="noopener">
          Read the original{post.source_outlet ? ` at ${post.source_outlet}` : ''}
        </a>
      )}
    </aside>
  );
};

/** "A", "A and B", "A, B and C", each linked to their page at the outlet. */
const AuthorLinks: FC<{ outlet: string; authors: string[] }> = ({ outlet, authors }) => (
  <>
    {authors.map((name, i) => (
      <>
        {i === 0 ? '' : i === authors.length - 1 ? ' and ' : ', '}
        <a href={urls.sourceAuthor(outlet, name)}>{name}</a>
      </>
    ))}
  </>
);

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
}
