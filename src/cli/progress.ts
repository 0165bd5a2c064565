// Progress of a long import: a bar redrawn in place on a terminal, a plain line every few seconds
// otherwise (a log file or CI output stays readable).
import type { ImportProgress } from '../import/run.ts';
import type { CliIO } from './command.ts';

export interface ProgressReporter {
  update(p: ImportProgress): void;
  done(): void;
}

const WIDTH = 30;

export function progressReporter(
  io: CliIO,
  label: string,
  write: (s: string) => void = (s) => {
    process.stderr.write(s);
  },
): ProgressReporter {
  const started = performance.now();
  let lastLine = performance.now();
  let drawn = false;
  return {
    update(p) {
      const fraction = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : 0;
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(p.posts / seconds) : 0;
      const counts = `${p.posts.toLocaleString('en')} posts, ${p.comments.toLocaleString('en')} comments, ${rate}/s`;
      if (io.isTTY) {
        const filled = Math.round(fraction * WIDTH);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
        write(`\r${label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${counts}\u001b[K`);
        drawn = true;
        return;
      }
      const now = performance.now();
      if (now - lastLine < 5000) return;
      lastLine = now;
      io.err(`${label}: ${(fraction * 100).toFixed(0)}% of ${megabytes(p.totalBytes)}, ${counts}`);
    },
    done() {
      if (drawn) write('\n');
    },
  };
}

function megabytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.ceil(bytes / 1e3)} kB`;
}
