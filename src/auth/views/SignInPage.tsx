import type { FC } from 'hono/jsx';
import { AuthLayout } from './AuthLayout.tsx';
import { CsrfField } from './CsrfField.tsx';

export interface Resubmit {
  /** The admin path the kept form was posted to. */
  action: string;
  fields: [string, string][];
}

export interface SignInPageProps {
  csrf: string;
  next?: string;
  email?: string;
  message?: string;
  error?: string;
  title?: string;
  /** A form posted after the session ended, kept to be sent again after sign-in. */
  resubmit?: Resubmit;
  /** A "not allowed" page rather than the sign-in form. */
  forbidden?: boolean;
}

export const SignInPage: FC<SignInPageProps> = (props) => {
  if (props.forbidden) {
    return (
      <AuthLayout title={props.title ?? 'Not allowed'}>
        <h1>{props.title ?? 'Not allowed'}</h1>
        <p class="auth-message">{props.message}</p>
        <p>
          <a href="/admin">Back to the dashboard</a>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Sign in">
      <h1>Sign in</h1>
      {props.message && <p class="auth-message">{props.message}</p>}
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/admin/login" class="stack">
        <CsrfField token={props.csrf} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        {props.resubmit && <input type="hidden" name="resubmit" value={JSON.stringify(props.resubmit)} />}
        <label>
          E-mail
          <input
            type="email"
            name="email"
            value={props.email ?? ''}
            autocomplete="username"
            required
            autofocus
          />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <button type="submit" class="button primary">
          Sign in
        </button>
      </form>
      <p class="auth-foot">
        Forgotten your password? An administrator can make you a link to choose a new one.
      </p>
    </AuthLayout>
  );
};

/** After signing in, the form that was posted when the session had ended, ready to go again. */
export const ResubmitPage: FC<{ csrf: string; resubmit: Resubmit }> = ({ csrf, resubmit }) => (
  <AuthLayout title="Sending your changes">
    <h1>Signed in</h1>
    <p class="auth-message">Your changes were kept while you signed in. They are being sent now.</p>
    <form method="post" action={resubmit.action} data-autosubmit>
      <CsrfField token={csrf} />
      {resubmit.fields.map(([name, value]) =>
        value.includes('\n') ? (
          <textarea name={name} hidden>
            {value}
          </textarea>
        ) : (
          <input type="hidden" name={name} value={value} />
        ),
      )}
      <button type="submit" class="button primary">
        Send my changes
      </button>
    </form>
  </AuthLayout>
);

/** For callers outside JSX files (the middleware). */
export const renderSignInPage = (props: SignInPageProps) => <SignInPage {...props} />;
