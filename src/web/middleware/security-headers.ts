import type { MiddlewareHandler } from 'hono';
import { EMBED_HOSTS } from '../../lib/sanitize.ts';

/**
 * Security headers on every response. Public pages run no inline script at all. HSTS goes out
 * when the request came over https or the blog's public origin is https (a TLS proxy in front).
 */
export function securityHeaders(publicOrigin: () => Promise<string>): MiddlewareHandler {
  const frames = EMBED_HOSTS.map((h) => `https://${h}`).join(' ');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    'img-src * data: blob:',
    'media-src *',
    `frame-src ${frames}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has('content-security-policy')) h.set('content-security-policy', csp);
    h.set('x-content-type-options', 'nosniff');
    h.set('referrer-policy', 'strict-origin-when-cross-origin');
    h.set('x-frame-options', 'DENY');
    h.set('cross-origin-opener-policy', 'same-origin');
    // A request's URL is serialised with its scheme in lower case: no need to parse it.
    if (c.req.url.startsWith('https:') || (await publicOrigin()).startsWith('https:')) {
      h.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
  };
}
