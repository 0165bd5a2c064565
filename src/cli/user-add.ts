import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../auth/roles.ts';
import { createUser, UserInputError } from '../auth/users.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'user add',
  summary: 'Add a user (owner, admin, author or moderator)',
  help: `Usage: gloss user add --email E --name N --role owner|admin|author|moderator --password-stdin

Adds an account that can sign in at /admin/login. The password is read from standard input (one
line; the final newline is dropped), so it never appears in the shell history or the process list:

  printf '%s' "$PASSWORD" | npx gloss user add --email ed@example.org --name "Ed" --role admin --password-stdin

Roles: owner (everything), admin (everything but the owner's account), author (writes and edits
their own posts), moderator (moderates comments). Passwords need at least 10 characters.
The database is DATABASE_URL's (default ./data/gloss.db).`,
  async run(args, io, context) {
    let values: { email?: string; name?: string; role?: string; 'password-stdin'?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          email: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string' },
          'password-stdin': { type: 'boolean' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (!values.email) throw new UsageError('--email is required');
    if (!values.name) throw new UsageError('--name is required');
    if (!values.role || !isRole(values.role))
      throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    if (!values['password-stdin'])
      throw new UsageError('--password-stdin is required: pipe the password in (see --help)');
    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    if (!password) throw new UsageError('no password on standard input');
    const { email, name, role } = values;
    return withStore(context, async (store) => {
      try {
        const user = await createUser(store.db, { email, name, role, password }, context.now());
        io.out(`Added ${user.name} <${user.email}> as ${user.role}. Sign in at /admin/login.`);
        return 0;
      } catch (err) {
        if (err instanceof UserInputError) throw new UsageError(err.message, 1);
        throw err;
      }
    });
  },
};
