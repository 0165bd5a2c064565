// How large a request body /admin accepts, decided before anything reads it: a few KB where no
// session exists (sign-in, setup, invitations: the only forms a stranger can reach), a sane limit
// for editor forms, and the upload limit only for signed-in multipart posts. A refused body is
// never read further, parsed or echoed back (hono's bodyLimit stops at the limit while streaming).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AdminEnv } from '../auth/middleware.ts';

export const BODY_LIMITS = {
  /** Sign-in, setup and invitation forms: a few fields. */
  signedOut: 16 * 1024,
  /** Editor and settings forms: a long post fits many times over. */
  form: 2 * 1024 * 1024,
  /** Signed-in multipart uploads (lead images). */
  upload: 25 * 1024 * 1024,
} as const;

function describe(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

/** Must run after authContext (which reads only the cookie) and before anything parses the body. */
export function adminBodyLimit(limits = BODY_LIMITS): MiddlewareHandler<AdminEnv> {
  const make = (maxSize: number, message: string) =>
    bodyLimit({ maxSize, onError: (c) => c.text(message, 413, { connection: 'close' }) });
  const signedOut = make(
    limits.signedOut,
    `Request too large: without a session /admin accepts at most ${describe(limits.signedOut)}. ` +
      'If your session has ended, sign in again in another tab and send this once more.',
  );
  const form = make(
    limits.form,
    `Request too large: forms accept at most ${describe(limits.form)}. Shorten the text, or upload images as files.`,
  );
  const upload = make(limits.upload, `That upload is too large (${describe(limits.upload)} at most).`);
  return (c, next) => {
    if (!c.get('session')) return signedOut(c, next);
    const multipart = /^multipart\/form-data/i.test(c.req.header('content-type') ?? '');
    return (multipart ? upload : form)(c, next);
  };
}
