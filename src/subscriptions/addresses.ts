// E-mail addresses as subscriptions take them: trimmed, lower-cased, checked for a plausible shape
// (one @, a dotted domain, no spaces or angle brackets that could smuggle headers).
import { createHash } from 'node:crypto';

const SHAPE =
  /^[^\s@<>()[\]\\,;:"]{1,64}@(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export type AddressCheck = { ok: true; email: string } | { ok: false; message: string };

export function checkAddress(raw: string | undefined): AddressCheck {
  const email = (raw ?? '').trim().toLowerCase();
  if (!email) return { ok: false, message: 'Enter your e-mail address.' };
  if (email.length > 254 || !SHAPE.test(email)) {
    return { ok: false, message: 'That does not look like an e-mail address (name@example.com).' };
  }
  return { ok: true, email };
}

/** What logs and rate-limit keys may hold instead of an address. */
export function addressKey(email: string): string {
  return createHash('sha256').update(`mail:${email}`).digest('base64url').slice(0, 24);
}
