/** A counting semaphore whose `take` gives up after a time (the http source's `max_in_flight`). */
export class Slots {
  private free: number;
  private waiters: Array<() => void> = [];
  constructor(count: number) {
    this.free = count;
  }
  /** Takes a slot within `ms`, or returns false. */
  async take(ms: number): Promise<boolean> {
    if (this.free > 0) {
      this.free--;
      return true;
    }
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
    else this.free++;
  }
}
