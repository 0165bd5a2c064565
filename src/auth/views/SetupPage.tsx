import type { FC } from 'hono/jsx';
import { AuthLayout } from './AuthLayout.tsx';
import { CsrfField } from './CsrfField.tsx';
import { NewPasswordFields } from './NewPasswordFields.tsx';

export interface AccountFormProps {
  csrf: string;
  /** Where the form posts (the setup link or the invitation link). */
  action: string;
  heading: string;
  intro: string;
  name?: string;
  email?: string;
  /** An invitation fixes the address. */
  emailFixed?: boolean;
  /** A password reset shows the name without asking for it. */
  nameFixed?: boolean;
  error?: string;
  button: string;
}

/** Creating an account: the owner through the setup link, others through an invitation. */
export const AccountForm: FC<AccountFormProps> = (p) => (
  <AuthLayout title={p.heading}>
    <h1>{p.heading}</h1>
    <p class="auth-message">{p.intro}</p>
    {p.error && (
      <p class="form-error" role="alert">
        {p.error}
      </p>
    )}
    <form method="post" action={p.action} class="stack">
      <CsrfField token={p.csrf} />
      <label>
        Your name
        <input name="name" value={p.name ?? ''} autocomplete="name" required readonly={p.nameFixed} />
      </label>
      <label>
        E-mail
        <input
          type="email"
          name="email"
          value={p.email ?? ''}
          autocomplete="username"
          required
          readonly={p.emailFixed}
        />
      </label>
      <NewPasswordFields label="Password" />
      <button type="submit" class="button primary">
        {p.button}
      </button>
    </form>
  </AuthLayout>
);

export const LinkProblemPage: FC<{ title: string; message: string }> = ({ title, message }) => (
  <AuthLayout title={title}>
    <h1>{title}</h1>
    <p class="auth-message">{message}</p>
    <p>
      <a href="/admin/login">Go to sign-in</a>
    </p>
  </AuthLayout>
);
