import type { MiddlewareHandler } from 'hono';

/**
 * Why the request's address cannot be read, or null when it can: a percent escape that is not
 * one (`%ff`, `%`, `%zz`) or does not decode to UTF-8, or a NUL byte, in the path or the query.
 * Such requests get 400 before any route sees them, so no route can trip over them with a 500.
 */
export function badAddress(pathAndQuery: string): string | null {
  const q = pathAndQuery.indexOf('?');
  const path = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q === -1 ? '' : pathAndQuery.slice(q + 1);
  const pathProblem = badPart(path);
  if (pathProblem) return `The address's path ${pathProblem}.`;
  for (const pair of query.split('&')) {
    const problem = badPart(pair.replace(/\+/g, ' '));
    if (problem) return `The address's query ${problem}.`;
  }
  return null;
}

function badPart(part: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(part);
  } catch {
    return 'has a percent escape that is not valid UTF-8 (such as %ff or a lone %)';
  }
  return decoded.includes('\0') ? 'contains a NUL byte (%00)' : null;
}

/** Answers 400, naming the problem, for addresses no route could read. */
export function requestGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const problem = badAddress(start === -1 ? '/' : url.slice(start).replace(/#.*$/, ''));
    if (problem) return c.text(`Bad request: ${problem}`, 400, { 'cache-control': 'no-store' });
    return next();
  };
}
