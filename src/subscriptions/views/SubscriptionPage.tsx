import type { Child, FC } from 'hono/jsx';
import type { Chrome } from '../../web/theme/chrome.ts';
import { Layout } from '../../web/theme/Layout.tsx';
import { urls } from '../../web/urls.ts';

/** Every subscription page: a title, what happened, a form or a button, a way home. */
export const SubscriptionPage: FC<{ chrome: Chrome; title: string; children: Child }> = ({
  chrome,
  title,
  children,
}) => (
  <Layout chrome={chrome} title={title} head={<meta name="robots" content="noindex" />}>
    <div class="notice subscription-page">
      <h1>{title}</h1>
      {children}
      <p>
        <a href={urls.home()}>Go to the home page</a>
      </p>
    </div>
  </Layout>
);

/** A form of one button that POSTs the token back: what a link in a mail leads to. */
export const TokenButton: FC<{ action: string; token: string; label: string; name?: string }> = ({
  action,
  token,
  label,
}) => (
  <form method="post" action={action} class="token-button">
    <input type="hidden" name="token" value={token} />
    <button type="submit">{label}</button>
  </form>
);

/** Each post or a daily digest; every post or some labels. */
export const ChoicesFields: FC<{ mode: string; labels: string[]; chosen: string[]; digestHour: string }> = ({
  mode,
  labels,
  chosen,
  digestHour,
}) => (
  <>
    <fieldset>
      <legend>How often</legend>
      <label>
        <input type="radio" name="mode" value="post" checked={mode !== 'digest'} /> A mail for each new post
      </label>
      <label>
        <input type="radio" name="mode" value="digest" checked={mode === 'digest'} /> One daily digest (around{' '}
        {digestHour})
      </label>
    </fieldset>
    {labels.length > 0 && (
      <fieldset>
        <legend>Which posts</legend>
        <p class="hint">Tick labels to receive only their posts; tick none to receive every post.</p>
        <ul class="label-choices">
          {labels.map((name) => (
            <li>
              <label>
                <input type="checkbox" name="labels" value={name} checked={chosen.includes(name)} /> {name}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    )}
  </>
);
