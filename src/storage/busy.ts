// Whether an error means "the database is busy right now, try again shortly" rather than a bug:
// SQLite's lock timeouts (another process, such as an import, holds the write lock) and
// PostgreSQL's lock, statement and serialization timeouts. Such requests get 503 + Retry-After.
const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)/;
const POSTGRES_BUSY = new Set(['55P03', '57014', '40001', '40P01', '53300']);

export function isDatabaseBusy(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (SQLITE_BUSY.test(code) || POSTGRES_BUSY.has(code))) return true;
    if (
      /\b(pool|connection) (timeout|timed out)|timeout exceeded when trying to connect/i.test(
        String((e as Error).message),
      )
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client should wait before retrying a request refused as busy. */
export const BUSY_RETRY_SECONDS = 5;
