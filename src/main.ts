// Entry: argv → the command it names (cli/commands.ts). `gloss` with no command serves the blog.
// Commands of two words form groups ("import text", "import blogger"…): the group's name alone,
// with --help, or after `help` lists its commands.
import fs from 'node:fs';
import { type CliIO, commandContext, processIO, UsageError } from './cli/command.ts';
import { COMMANDS } from './cli/commands.ts';
import { ConfigError } from './config.ts';
import { sentence } from './lib/sentence.ts';
import { StoreError } from './storage/db.ts';

const HELP = new Set(['--help', '-h']);

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
    io.out(`gloss ${version()}`);
    return 0;
  }
  if (HELP.has(argv[0] ?? '') || argv[0] === 'help') {
    const topic = argv[0] === 'help' ? argv.slice(1) : [];
    if (topic.length === 0) {
      io.out(overview());
      return 0;
    }
    return main([...topic, '--help'], io);
  }
  const name = resolve(argv);
  if (!name) {
    const group = groupOf(argv[0]!);
    if (group) {
      const rest = argv.slice(1);
      if (rest.length === 0 || rest.every((a) => HELP.has(a))) {
        io.out(groupHelp(group));
        return 0;
      }
      io.err(`gloss ${group}: There is no "${rest[0]}" kind; choose one of these:\n\n${groupHelp(group)}`);
      return 2;
    }
    io.err(`gloss: There is no command "${argv.join(' ')}".\n\n${overview()}`);
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
  if (args.some((a) => HELP.has(a))) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(args, io, commandContext(io));
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`gloss ${name}: ${sentence(err.message)}`);
      return err.exitCode;
    }
    if (err instanceof ConfigError || err instanceof StoreError) {
      io.err(`gloss: ${sentence(err.message)}`);
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

/** "import" for "import text", "import blogger"…; undefined when no command starts with the word. */
function groupOf(word: string): string | undefined {
  return Object.keys(COMMANDS).some((n) => n.startsWith(`${word} `)) ? word : undefined;
}

function table(names: string[]): string[] {
  const width = Math.max(...names.map((n) => n.length));
  return names.map((name) => `  gloss ${name.padEnd(width)}  ${COMMANDS[name]!.summary}`);
}

function groupHelp(group: string): string {
  const names = Object.keys(COMMANDS).filter((n) => n.startsWith(`${group} `));
  const kinds = names.map((n) => n.slice(group.length + 1));
  return [
    `Usage: gloss ${group} ${kinds.join('|')} …`,
    '',
    ...table(names),
    '',
    `gloss ${group} KIND --help tells more about one.`,
  ].join('\n');
}

export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function overview(): string {
  return [
    'Gloss: a self-hosted publishing system for clipping blogs.',
    '',
    'Usage: gloss <command> [options]   (npx gloss … inside the project)',
    '',
    ...table(Object.keys(COMMANDS)),
    '',
    'gloss <command> --help (or gloss help <command>) tells more; gloss --version prints the version.',
    'Configuration comes from the environment:',
    '  DATABASE_URL  a SQLite file path (default ./data/gloss.db) or a postgres:// URL',
    '  PORT, HOST    where `gloss serve` listens (default 127.0.0.1:8080)',
  ].join('\n');
}
