// An import that cannot go on: says where (line and column of the file) and why, so the user can
// look at the spot. The database is left as it was: every import runs in one transaction.

export class ImportError extends Error {
  constructor(
    message: string,
    readonly where?: { line: number; column: number },
  ) {
    super(where ? `line ${where.line}, column ${where.column}: ${message}` : message);
  }
}
