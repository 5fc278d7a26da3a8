/**
 * Reads run side by side on pooled connections; a write that changes the events table's columns
 * must not overlap them (a read planned against the old columns would fail on the new table, or
 * the reverse). The gate lets any number of reads in at once; `exclusive` waits until the reads
 * in flight are done and holds new ones back until it is released.
 */
export class SchemaGate {
  private active = 0;
  private closed?: Promise<void>;
  private drained?: () => void;

  /** Runs fn as a read: after any schema change in progress, before any that starts. */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      if (this.active === 0) this.drained?.();
    }
  }

  /** Waits for the reads in flight, then keeps reads out until the returned release is called. */
  async exclusive(): Promise<() => void> {
    while (this.closed) await this.closed;
    let open = (): void => undefined;
    this.closed = new Promise<void>((resolve) => {
      open = resolve;
    });
    if (this.active > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
      this.drained = undefined;
    }
    return () => {
      this.closed = undefined;
      open();
    };
  }
}
