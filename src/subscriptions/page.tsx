// The response of every public subscription page: the blog's chrome around a title and a body,
// never cached (each answers one reader's link).
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../app-deps.ts';
import { SubscriptionPage } from './views/SubscriptionPage.tsx';

export type PageStatus = 200 | 400 | 404 | 410 | 429;

export function subscriptionPages(deps: AppDeps) {
  return async (c: Context, title: string, body: Child, status: PageStatus = 200) => {
    const chrome = await deps.site.chrome();
    c.header('cache-control', 'no-store');
    return c.html(
      <SubscriptionPage chrome={chrome} title={title}>
        {body}
      </SubscriptionPage>,
      status,
    );
  };
}

export function unknownLink(): string {
  return 'The link is incomplete or no longer in use. Copy the whole link from the mail, or sign up again.';
}
