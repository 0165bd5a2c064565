import type { FC } from 'hono/jsx';
import { urls } from '../urls.ts';
import type { Chrome } from './chrome.ts';
import { Layout } from './Layout.tsx';

export const NotFoundPage: FC<{
  chrome: Chrome;
  path: string;
  recent: { title: string; path: string }[];
}> = ({ chrome, path, recent }) => (
  <Layout chrome={chrome} title="Page not found">
    <div class="notice">
      <h1>Sorry, the page you were looking for in this blog does not exist.</h1>
      <p>
        Nothing is published at <code>{path}</code>. It may have moved, or the link may be mistyped. Try
        searching the archive:
      </p>
      <form class="search-form" role="search" method="get" action={urls.search()}>
        <label class="visually-hidden" for="notfound-search">
          Search this blog
        </label>
        <input id="notfound-search" type="search" name="q" placeholder="Search this blog" />
        <button type="submit">Search</button>
      </form>
      {recent.length > 0 && (
        <>
          <h2>Recent posts</h2>
          <ul>
            {recent.map((p) => (
              <li>
                <a href={p.path}>{p.title}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href={urls.home()}>Go to the home page</a>
      </p>
    </div>
  </Layout>
);
