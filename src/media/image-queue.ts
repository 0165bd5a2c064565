// Image work (decoding, resizing, encoding) is the costliest thing a request can ask for: a
// handful of parallel uploads would each hold a decoded bitmap at once. Every image therefore goes
// through one queue that runs two at a time; others wait (holding only their compressed bytes),
// and past a bounded backlog a new one is refused at once rather than piling up memory.
export class ImageQueueFull extends Error {}

export class ImageQueue {
  #active = 0;
  #peak = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly concurrency = 2,
    readonly maxWaiting = 32,
  ) {}

  /** The most images ever processed at once (for tests and the bench). */
  get peak(): number {
    return this.#peak;
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active >= this.concurrency) {
      if (this.#waiting.length >= this.maxWaiting)
        throw new ImageQueueFull('Too many images are being processed right now; try again in a minute.');
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active++;
    }
    this.#peak = Math.max(this.#peak, this.#active);
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so #active never dips and overshoots.
      if (next) next();
      else this.#active--;
    }
  }
}

/** The process's one queue: every upload, clip and import image passes through it. */
export const imageQueue = new ImageQueue(2, 32);
