import { type ChildProcess, spawn } from 'node:child_process';

/** Starts a server script in its own process and resolves with the port it prints. */
export function startChild(script: string, args: string[]): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.once('data', (chunk: Buffer) => resolve({ port: Number(chunk.toString().trim()), child }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}
