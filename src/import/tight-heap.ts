// Imports run with a tighter heap. By default V8 lets the heap grow up to fourfold past what the
// last collection kept when collecting is cheap, and an import makes garbage fast: the live data
// stays small, but RSS climbs with heap V8 has not yet needed to collect. Measured on the
// 10,000-post generated Blogger export: a peak of 284 MB with V8's default, 202 MB with 20 %, at
// the same speed. --heap-growing-percent is one of the few heap settings V8 honours after start
// (the heap limits and the young generation's size are fixed at start); 0 puts back its default.
import v8 from 'node:v8';

const IMPORT_HEAP_GROWING_PERCENT = 20;

/** Imports running in this process now: the default comes back when the last one ends. */
let running = 0;

/** Runs an import with the heap's growth held to IMPORT_HEAP_GROWING_PERCENT, then restores it. */
export async function withTightHeap<T>(run: () => Promise<T>): Promise<T> {
  if (running++ === 0) v8.setFlagsFromString(`--heap-growing-percent=${IMPORT_HEAP_GROWING_PERCENT}`);
  try {
    return await run();
  } finally {
    if (--running === 0) v8.setFlagsFromString('--heap-growing-percent=0');
  }
}
