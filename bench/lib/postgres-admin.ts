// The benches' PostgreSQL server: its maintenance database (for CREATE and DROP DATABASE) and the
// address of a database on it. The same server the suite uses (GLOSS_TEST_POSTGRES_URL).
import pg from 'pg';

export const ADMIN_URL = process.env.GLOSS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One statement on the maintenance database, through a connection of its own. */
export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The address of database NAME on the same server. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
