import { openStore } from '../storage/db.ts';
import { pendingMigrations } from '../storage/migrate.ts';
import { type Command, UsageError } from './command.ts';

export const command: Command = {
  name: 'migrate',
  summary: 'Bring the database up to this version of Gloss',
  help: `Usage: gloss migrate [--status]

Runs the migrations this version of Gloss has that the database in DATABASE_URL has not run, in
order, and prints what it ran. Run it once per upgrade, before starting the new servers, when
several servers share one PostgreSQL database (and start them with "gloss serve --no-migrate").
Two migrations started at once are safe: the second waits for the first (a database lock) and
then finds nothing to do. "gloss serve" alone migrates at start, as before.

  --status   print what is pending, change nothing (exit code 1 when something is)`,
  async run(args, io, context) {
    if (args.some((a) => a !== '--status'))
      throw new UsageError(`unknown argument ${args.find((a) => a !== '--status')}`);
    const url = context.config().databaseUrl;
    const store = await openStore(url, { migrate: false, poolSize: 1 });
    let pending: string[];
    try {
      pending = await pendingMigrations(store.db);
      if (args.includes('--status')) {
        io.out(pending.length ? `Pending: ${pending.join(', ')}` : 'The database is up to date.');
        return pending.length ? 1 : 0;
      }
      if (pending.length === 0) {
        io.out('The database is up to date: nothing to run.');
        return 0;
      }
    } finally {
      await store.close();
    }
    const migrated = await openStore(url, { poolSize: 1 });
    try {
      const left = await pendingMigrations(migrated.db);
      if (left.length > 0) throw new Error(`migrations still pending after migrating: ${left.join(', ')}`);
      io.out(`Ran ${pending.join(', ')}: the database is up to date.`);
      return 0;
    } finally {
      await migrated.close();
    }
  },
};
