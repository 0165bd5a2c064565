/**
 * A copy of a string that does not share memory with the text it was sliced from. V8 keeps a
 * whole parsed chunk (or a whole rendered page) alive for as long as any slice of it lives, so
 * anything kept beyond one record or one page (ids in maps, names, cache keys) is copied first,
 * or memory grows with the input.
 */
export function own(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
