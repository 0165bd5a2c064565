// Counts as readers read them.

/** "No comments", "1 comment", "12 comments". */
export function commentCountLabel(n: number): string {
  return n === 0 ? 'No comments' : n === 1 ? '1 comment' : `${n} comments`;
}
