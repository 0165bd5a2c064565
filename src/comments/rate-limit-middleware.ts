// The comment POST's rate limits as middleware: every POST counts, before anything is read, so
// malformed and oversized ones use up the allowance too. The handler decides what to answer.
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { clientAddress, hashAddress, rateLimitSubject } from '../limits/client-address.ts';
import { secretOf } from './form.tsx';
import { hitLimit, type RateVerdict } from './rate-limit.ts';
import { type Staff, staffOf } from './staff.ts';

export type Limited = RateVerdict & { scope: 'address' | 'blog'; limit: number };

export type RateLimitEnv = {
  Variables: { limited: Limited | null; address: string | null; staff: Staff | null };
};

export function commentRateLimit(deps: AppDeps): MiddlewareHandler<RateLimitEnv> {
  const { db } = deps.store;
  return async (c, next) => {
    const { settings } = await deps.site.chrome();
    const address = clientAddress(c, settings.behindProxy);
    // A signed-in staff member is never limited (nor counted against the blog's allowance).
    const staff = await staffOf(c, deps);
    c.set('staff', staff);
    if (staff) {
      c.set('limited', null);
      c.set('address', address);
      return next();
    }
    const subject = hashAddress(await secretOf(deps.store), rateLimitSubject(address));
    const window = Math.max(1, settings.commentLimitWindowMinutes) * 60;
    const now = deps.now();
    const mine = await hitLimit(db, `comment:addr:${subject}`, settings.commentLimitPerAddress, window, now);
    let limited: Limited | null = mine.allowed
      ? null
      : { ...mine, scope: 'address', limit: settings.commentLimitPerAddress };
    if (!limited) {
      // The blog-wide count: what passed the address's own limit.
      const all = await hitLimit(db, 'comment:all', settings.commentLimitGlobal, window, now);
      if (!all.allowed) limited = { ...all, scope: 'blog', limit: settings.commentLimitGlobal };
    }
    c.set('limited', limited);
    c.set('address', address);
    await next();
  };
}
