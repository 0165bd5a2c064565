import type { FC } from 'hono/jsx';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { NameUse } from '../../sources/merge.ts';
import type { User } from '../../storage/schema.ts';
import { assetUrl } from '../../web/theme/assets.ts';
import { urls } from '../../web/urls.ts';
import { AdminLayout } from './AdminLayout.tsx';

export interface SourceNamesPageProps {
  frame: { user: User; csrf: string; blogTitle: string };
  /** The outlet whose writers are shown; absent: the outlets. */
  outlet?: string;
  names: NameUse[];
  alike: string[][];
  notice?: { kind: 'ok' | 'error'; text: string };
}

const HERE = '/admin/source-names';

export const SourceNamesPage: FC<SourceNamesPageProps> = (p) => {
  const outlet = p.outlet;
  const what = outlet === undefined ? 'outlet' : 'writer';
  const uses = new Map(p.names.map((n) => [n.name, n]));
  const publicPage = (name: string) =>
    outlet === undefined ? urls.source(name) : urls.sourceAuthor(outlet, name);
  return (
    <AdminLayout
      title={outlet === undefined ? 'Source names' : `Writers at ${outlet}`}
      active="inbox"
      user={p.frame.user}
      csrf={p.frame.csrf}
      blogTitle={p.frame.blogTitle}
      notice={p.notice}
      actions={
        outlet === undefined ? (
          <a class="button" href={urls.sources()}>
            Sources on the blog
          </a>
        ) : (
          <a class="button" href={HERE}>
            All outlets
          </a>
        )
      }
    >
      <link rel="stylesheet" href={assetUrl('inbox.css')} />
      <p class="hint">
        Each {what} name clippings carry has its page at{' '}
        {outlet === undefined ? '/source/OUTLET/' : '/source/OUTLET/WRITER/'}. Merge the names of one {what}{' '}
        spelled differently: every post (drafts and the trash too) takes the name kept, and the old pages and
        feeds redirect to it.
      </p>
      {p.alike.length > 0 && (
        <section class="panel stack">
          <h2>Spelled alike</h2>
          {p.alike.map((group) => (
            <form method="post" action={`${HERE}/merge`} class="merge-group">
              <CsrfField token={p.frame.csrf} />
              {outlet !== undefined && <input type="hidden" name="outlet" value={outlet} />}
              {group.map((name, i) => (
                <label class="check">
                  <input type="hidden" name="names" value={name} />
                  <input type="radio" name="into" value={name} checked={i === 0} /> keep{' '}
                  <strong>{name}</strong> <span class="hint">({uses.get(name)?.posts ?? 0})</span>
                </label>
              ))}
              <button type="submit" class="button primary">
                Merge these {group.length}
              </button>
            </form>
          ))}
        </section>
      )}
      <section class="panel stack">
        <h2>{outlet === undefined ? 'Every outlet' : 'Every writer'}</h2>
        {p.names.length === 0 ? (
          <p class="hint">
            No post names {outlet === undefined ? 'an outlet' : 'a writer at this outlet'} yet.
          </p>
        ) : (
          <form method="post" action={`${HERE}/merge`}>
            <CsrfField token={p.frame.csrf} />
            {outlet !== undefined && <input type="hidden" name="outlet" value={outlet} />}
            <table class="table source-names">
              <thead>
                <tr>
                  <th scope="col">Merge</th>
                  <th scope="col">Keep</th>
                  <th scope="col">Name</th>
                  <th scope="col" class="num">
                    Posts
                  </th>
                  <th scope="col" class="num">
                    Public
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.names.map((n) => (
                  <tr>
                    <td>
                      <input type="checkbox" name="names" value={n.name} aria-label={`Merge ${n.name}`} />
                    </td>
                    <td>
                      <input type="radio" name="into" value={n.name} aria-label={`Keep ${n.name}`} />
                    </td>
                    <td>
                      {outlet === undefined ? (
                        <a href={`${HERE}?outlet=${encodeURIComponent(n.name)}`} title="Its writers">
                          {n.name}
                        </a>
                      ) : (
                        n.name
                      )}
                      {n.published > 0 && (
                        <>
                          {' '}
                          <a class="hint" href={publicPage(n.name)}>
                            on the blog
                          </a>
                        </>
                      )}
                    </td>
                    <td class="num">{n.posts}</td>
                    <td class="num">{n.published}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="merge-into">
              <label>
                Or keep a new spelling <input name="into_other" maxlength={200} autocomplete="off" />
              </label>
              <button type="submit" class="button primary">
                Merge the ticked names
              </button>
            </div>
          </form>
        )}
      </section>
    </AdminLayout>
  );
};
