// Entry: argv → the command it names (cli/commands.ts). `gloss` with no command serves the blog.
import { type CliIO, commandContext, processIO, UsageError } from './cli/command.ts';
import { COMMANDS } from './cli/commands.ts';
import { ConfigError } from './config.ts';
import { StoreError } from './storage/db.ts';

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(overview());
    return 0;
  }
  const name = resolve(argv);
  if (!name) {
    io.err(`gloss: unknown command "${argv.join(' ')}".\n\n${overview()}`);
    return 2;
  }
  const args = argv.slice(name === 'serve' && argv[0] !== 'serve' ? 0 : name.split(' ').length);
  let command: Awaited<ReturnType<(typeof COMMANDS)[string]['load']>>['command'];
  try {
    ({ command } = await COMMANDS[name]!.load());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      io.err(`gloss ${name}: this command is not available in this version of Gloss.`);
      return 2;
    }
    throw err;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(args, io, commandContext(io));
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`gloss ${name}: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof ConfigError || err instanceof StoreError) {
      io.err(`gloss: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

function resolve(argv: string[]): string | undefined {
  if (argv.length === 0 || argv[0]!.startsWith('-')) return 'serve';
  const two = argv.slice(0, 2).join(' ');
  if (COMMANDS[two]) return two;
  if (COMMANDS[argv[0]!]) return argv[0];
  return undefined;
}

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  gloss ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Gloss: a self-hosted publishing system for clipping blogs.',
    '',
    'Usage: gloss <command> [options]   (npx gloss … inside the project)',
    '',
    ...lines,
    '',
    'gloss <command> --help tells more. Configuration comes from the environment:',
    '  DATABASE_URL  a SQLite file path (default ./data/gloss.db) or a postgres:// URL',
    '  PORT, HOST    where `gloss serve` listens (default 127.0.0.1:8080)',
  ].join('\n');
}
