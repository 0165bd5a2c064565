import type { FC } from 'hono/jsx';
import { CSRF_FIELD } from '../csrf.ts';

/** The hidden field every state-changing admin form carries. */
export const CsrfField: FC<{ token: string }> = ({ token }) => (
  <input type="hidden" name={CSRF_FIELD} value={token} />
);
