// The shape of a CLI command: one file per command in this folder, listed in commands.ts.
import { type Config, loadConfig } from '../config.ts';
import { openStore, type Store } from '../storage/db.ts';

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Standard input as text (for --password-stdin and piped files). */
  readStdin: () => Promise<string>;
  /** Whether stderr is a terminal (progress bars) or a pipe or file (plain lines). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** What the runner (main.ts) hands every command besides its arguments and IO. */
export interface CommandContext {
  /**
   * The settings from io.env, read once for the whole command, on first use: a command that never
   * needs them (a --json preview, a usage error) never fails on a bad PORT.
   */
  config(): Config;
  /** The command's clock. */
  now: () => Date;
}

export interface Command {
  /** "import text", "serve", "user add"... */
  name: string;
  summary: string;
  /** The full --help text. */
  help: string;
  run(args: string[], io: CliIO, context: CommandContext): Promise<number>;
}

/** A problem with what the user asked: printed as one clear line, exit code 2 (bad usage) or 1. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function commandContext(io: CliIO, now: () => Date = () => new Date()): CommandContext {
  let config: Config | undefined;
  return {
    config: () => {
      config ??= loadConfig(io.env, io.cwd);
      return config;
    },
    now,
  };
}

/** Opens the database the config names (migrating it), for a command's lifetime. */
export async function withStore<T>(context: CommandContext, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(context.config().databaseUrl);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function processIO(): CliIO {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}
