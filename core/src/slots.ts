/**
 * A counting semaphore whose `take` gives up after a time: N things at once (request bodies being
 * read, emits to a queue), the rest wait or are turned away. Used by the indexer's and the
 * shipper's HTTP endpoints to bound concurrent body reading before anything is buffered.
 */
export class Slots {
  readonly size: number;
  private free: number;
  private waiters: Array<() => void> = [];
  constructor(count: number) {
    this.size = count;
    this.free = count;
  }
  /** Slots taken right now. */
  get taken(): number {
    return this.size - this.free;
  }
  /** Takers waiting for a slot right now. */
  get waiting(): number {
    return this.waiters.length;
  }
  /** Takes a slot within `ms`, or returns false. */
  async take(ms: number): Promise<boolean> {
    if (this.free > 0) {
      this.free--;
      return true;
    }
    if (ms <= 0) return false;
    return await new Promise<boolean>((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, ms);
      this.waiters.push(waiter);
    });
  }
  give(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free = Math.min(this.size, this.free + 1);
  }
}
