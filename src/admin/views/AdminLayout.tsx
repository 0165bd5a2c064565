import type { Child, FC } from 'hono/jsx';
import { can, ROLE_LABELS } from '../../auth/roles.ts';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { User } from '../../storage/schema.ts';
import { assetUrl } from '../../web/theme/assets.ts';
import { Document } from '../../web/theme/Document.tsx';
import { ADMIN_NAV } from '../nav.ts';
import { Icon } from './Icon.tsx';

export interface AdminPageProps {
  title: string;
  user: User;
  csrf: string;
  /** The ADMIN_NAV key to highlight. */
  active?: string;
  /** A one-line confirmation or problem shown above the page. */
  notice?: { kind: 'ok' | 'error'; text: string };
  /** Buttons or links beside the page heading. */
  actions?: Child;
  /** Extra scripts (names of files in src/web/theme/assets/). */
  scripts?: string[];
  /** The blog's title, shown in the side bar. */
  blogTitle?: string;
  children: Child;
}

/** The frame of every admin page: navigation rail, heading, notice, content. No inline script. */
export const AdminLayout: FC<AdminPageProps> = (p) => {
  const items = ADMIN_NAV.filter((item) => !item.permission || can(p.user, item.permission));
  return (
    <Document lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="csrf-token" content={p.csrf} />
        <title>{`${p.title} · ${p.blogTitle ?? 'Gloss'} admin`}</title>
        <link rel="stylesheet" href={assetUrl('base.css')} />
        <link rel="stylesheet" href={assetUrl('admin.css')} />
        <link rel="icon" type="image/svg+xml" href={assetUrl('favicon.svg')} />
        <script src={assetUrl('admin.js')} defer />
        {(p.scripts ?? []).map((name) => (
          <script src={assetUrl(name)} defer />
        ))}
      </head>
      <body class="admin-body">
        <a class="skip-link" href="#admin-main">
          Skip to content
        </a>
        <header class="admin-rail">
          <div class="rail-top">
            <a class="rail-brand" href="/admin">
              <span class="brand-mark" aria-hidden="true">
                G
              </span>
              <span class="rail-blog">{p.blogTitle ?? 'Gloss'}</span>
            </a>
            <a class="rail-view" href="/" target="_blank" rel="noopener">
              <Icon name="external" />
              <span>View blog</span>
            </a>
          </div>
          <nav class="rail-nav" aria-label="Admin">
            <ul>
              {items.map((item) => (
                <li>
                  <a
                    href={item.href}
                    class={item.key === p.active ? 'active' : undefined}
                    aria-current={item.key === p.active ? 'page' : undefined}
                  >
                    <Icon name={item.icon} />
                    <span>{item.label}</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="rail-user">
            <a href="/admin/account" class={p.active === 'account' ? 'active' : undefined}>
              <span class="avatar" aria-hidden="true">
                {initials(p.user.name)}
              </span>
              <span class="rail-who">
                <strong>{p.user.name}</strong>
                <small>{ROLE_LABELS[p.user.role]}</small>
              </span>
            </a>
            <form method="post" action="/admin/logout">
              <CsrfField token={p.csrf} />
              <button type="submit" class="rail-signout" title="Sign out">
                <Icon name="logout" />
                <span>Sign out</span>
              </button>
            </form>
          </div>
        </header>
        <main id="admin-main" class="admin-main">
          <div class="page-head">
            <h1>{p.title}</h1>
            {p.actions && <div class="page-actions">{p.actions}</div>}
          </div>
          {p.notice && (
            <p class={`notice notice-${p.notice.kind}`} role={p.notice.kind === 'error' ? 'alert' : 'status'}>
              {p.notice.text}
            </p>
          )}
          {p.children}
        </main>
      </body>
    </Document>
  );
};

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}
