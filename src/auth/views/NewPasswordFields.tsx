import type { FC } from 'hono/jsx';
import { MIN_PASSWORD_LENGTH } from '../passwords.ts';

/** A new password typed twice (fields "password" and "password2"), as every form that sets one asks. */
export const NewPasswordFields: FC<{ label: string }> = ({ label }) => (
  <>
    <label>
      {label} <span class="hint">at least {MIN_PASSWORD_LENGTH} characters</span>
      <input
        type="password"
        name="password"
        autocomplete="new-password"
        minlength={MIN_PASSWORD_LENGTH}
        required
      />
    </label>
    <label>
      {label} again
      <input type="password" name="password2" autocomplete="new-password" required />
    </label>
  </>
);
