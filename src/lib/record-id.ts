// A record's id read from an address or a query (?post=12, /admin/posts/12/edit): a whole number
// that an id column can hold (PostgreSQL's integer stops at 2^31 - 1). Anything else reads as 0,
// which no record has (ids start at 1), so a hostile "99999999999999999999" finds nothing instead
// of reaching the database as 1e20, and each route's "no such record" answer applies.
const LARGEST_ID = 2 ** 31 - 1;

export function recordId(value: string | undefined | null): number {
  if (value == null || !/^\s*\d{1,10}\s*$/.test(value)) return 0;
  const n = Number(value);
  return n <= LARGEST_ID ? n : 0;
}
