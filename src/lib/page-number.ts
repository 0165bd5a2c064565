// A listing's ?page=N: a whole number from 1 up. Anything else is page 1, and a huge number is
// clamped so that it never reaches the database as an offset it cannot hold.
const LAST_PAGE = 1_000_000;

export function pageNumber(value: string | undefined): number {
  const n = Number.parseInt(value ?? '', 10);
  if (!Number.isSafeInteger(n) || n < 1) return 1;
  return Math.min(n, LAST_PAGE);
}
