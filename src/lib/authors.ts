// A clipping's authors: stored as a JSON array of names, shown as one phrase.

/** The names in a posts.source_authors value; nothing when it is not a JSON array. */
export function parseAuthors(json: string): string[] {
  try {
    const value = JSON.parse(json);
    return Array.isArray(value)
      ? value.filter((a): a is string => typeof a === 'string' && a.trim() !== '')
      : [];
  } catch {
    return [];
  }
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
