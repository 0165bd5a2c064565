// The shape of a CLI command: one file per command in this folder, listed in commands.ts.
import { loadConfig } from '../config.ts';
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

export interface Command {
  /** "import text", "serve", "user add"... */
  name: string;
  summary: string;
  /** The full --help text. */
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
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

/** Opens the database named by the environment (migrating it), for a command's lifetime. */
export async function withStore<T>(io: CliIO, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env, io.cwd);
  const store = await openStore(config.databaseUrl);
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
