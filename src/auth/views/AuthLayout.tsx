import type { Child, FC } from 'hono/jsx';
import { assetUrl } from '../../web/theme/assets.ts';
import { Document } from '../../web/theme/Document.tsx';

/** The frame of the pages seen before sign-in: one centred card. */
export const AuthLayout: FC<{ title: string; children: Child }> = ({ title, children }) => (
  <Document lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{`${title} · Gloss`}</title>
      <link rel="stylesheet" href={assetUrl('base.css')} />
      <link rel="stylesheet" href={assetUrl('admin.css')} />
      <link rel="icon" type="image/svg+xml" href={assetUrl('favicon.svg')} />
      <script src={assetUrl('admin.js')} defer />
    </head>
    <body class="auth-body">
      <main class="auth-card">
        <p class="auth-brand">
          <span class="brand-mark" aria-hidden="true">
            G
          </span>
          Gloss
        </p>
        {children}
      </main>
    </body>
  </Document>
);
