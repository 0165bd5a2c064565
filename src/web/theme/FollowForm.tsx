import type { FC } from 'hono/jsx';
import { urls } from '../urls.ts';

/** The "Follow by e-mail" form: in the sidebar, under each post and on the subscriptions page. */
export const FollowForm: FC<{ id: string; value?: string; error?: string; children?: unknown }> = ({
  id,
  value,
  error,
  children,
}) => (
  <form class="follow-form" method="post" action={urls.subscribe()}>
    <label for={id}>Your e-mail address</label>
    <div class="follow-row">
      <input
        id={id}
        type="email"
        name="email"
        required
        autocomplete="email"
        placeholder="name@example.com"
        value={value}
        aria-invalid={error ? 'true' : undefined}
      />
      <button type="submit">Follow</button>
    </div>
    {error && (
      <p class="form-error" role="alert">
        {error}
      </p>
    )}
    {children}
    <p class="visually-hidden" aria-hidden="true">
      <label>
        Leave empty <input type="text" name="website" tabindex={-1} autocomplete="off" />
      </label>
    </p>
  </form>
);
