// The mirror's files on disk: what the last export made (its manifest), what this one makes,
// and the writing. A file whose bytes did not change is left as it is; new files are written on
// libuv's threads while the export renders (creating a file costs the kernel more than rendering
// it costs us), at most WRITES_AHEAD at a time, each folder made once.
import fs from 'node:fs';
import path from 'node:path';
import { type ManifestEntry, readManifest, removeStale, writeManifest } from './static-manifest.ts';

const WRITES_AHEAD = 64;

export class MirrorFiles {
  /** The last export's files. */
  readonly before: Map<string, ManifestEntry>;
  private after = new Map<string, ManifestEntry>();
  private folders = new Map<string, Promise<unknown>>();
  private writes = new Set<Promise<void>>();
  private writeError: unknown = null;
  written: string[] = [];
  unchanged = 0;

  constructor(private dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.before = readManifest(dir);
  }

  /** Whether the last export made `file` from inputs with this fingerprint, and it is still there. */
  unchangedSince(file: string, print: string): boolean {
    const last = this.before.get(file);
    if (!last || last.print !== print || !fs.existsSync(path.join(this.dir, file))) return false;
    this.after.set(file, last);
    this.unchanged++;
    return true;
  }

  save(file: string, content: string | Buffer, entry: ManifestEntry) {
    this.after.set(file, entry);
    const full = path.join(this.dir, file);
    if (this.before.has(file)) {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      try {
        if (fs.statSync(full).size === bytes.length && fs.readFileSync(full).equals(bytes)) {
          this.unchanged++;
          return;
        }
      } catch {
        // Gone since: written again below.
      }
    }
    this.writeLater(full, content);
    this.written.push(file);
  }

  /** Waits while too many writes are under way. */
  async backpressure() {
    while (this.writes.size >= WRITES_AHEAD) await Promise.race(this.writes);
  }

  /** Waits for every write, removes the files the last export made and this one did not, keeps the manifest. */
  async finish(): Promise<number> {
    await Promise.all(this.writes);
    if (this.writeError) throw this.writeError;
    const removed = removeStale(this.dir, this.before, new Set(this.after.keys()));
    writeManifest(this.dir, this.after);
    return removed;
  }

  private writeLater(full: string, content: string | Buffer) {
    const folder = path.dirname(full);
    let ready = this.folders.get(folder);
    if (!ready) {
      ready = fs.promises.mkdir(folder, { recursive: true });
      this.folders.set(folder, ready);
    }
    const write: Promise<void> = ready
      .then(() => fs.promises.writeFile(full, content))
      .catch((err: unknown) => {
        this.writeError ??= err;
      })
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
  }
}
