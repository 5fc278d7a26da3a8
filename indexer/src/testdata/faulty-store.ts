/**
 * FaultyStore: a real LogStore wrapped to inject the faults a real store cannot produce on
 * demand — per-item rejections (non-retryable "mapping conflict", retryable "429"), and outage
 * windows during which `write` throws STORE_UNAVAILABLE. Everything else goes to the real store.
 */
import { DriftwoodError, type LogEvent } from '@driftwood/core';
import type { LogStore, WriteOutcome } from '@driftwood/store';

export type Fault = { reason: string; retryable: boolean } | undefined;

export class FaultyStore implements LogStore {
  readonly inner: LogStore;
  /** Decides per event (and per attempt) whether the store rejects it. */
  rejectWhen: (event: LogEvent, attempt: number) => Fault = () => undefined;
  private outageUntil = 0;
  private readonly attempts = new Map<string, number>();
  writeCalls = 0;
  failedCalls = 0;

  constructor(inner: LogStore) {
    this.inner = inner;
  }

  get kind() {
    return this.inner.kind;
  }

  /** `write` throws STORE_UNAVAILABLE for the next `ms` milliseconds. */
  outage(ms: number): void {
    this.outageUntil = Date.now() + ms;
  }

  get down(): boolean {
    return Date.now() < this.outageUntil;
  }

  async write(events: LogEvent[]): Promise<WriteOutcome[]> {
    this.writeCalls++;
    if (this.down) {
      this.failedCalls++;
      throw new DriftwoodError('STORE_UNAVAILABLE', 'injected outage: the store is unreachable');
    }
    const outcomes: WriteOutcome[] = new Array(events.length);
    const pass: LogEvent[] = [];
    const at: number[] = [];
    events.forEach((event, i) => {
      const attempt = this.attempts.get(event.id) ?? 0;
      this.attempts.set(event.id, attempt + 1);
      const fault = this.rejectWhen(event, attempt);
      if (fault) outcomes[i] = { id: event.id, status: 'rejected', ...fault };
      else {
        pass.push(event);
        at.push(i);
      }
    });
    const written = pass.length > 0 ? await this.inner.write(pass) : [];
    written.forEach((o, k) => {
      outcomes[at[k] as number] = o;
    });
    return outcomes;
  }

  init() {
    return this.inner.init();
  }
  flush() {
    return this.inner.flush();
  }
  search(...a: Parameters<LogStore['search']>) {
    return this.inner.search(...a);
  }
  count(...a: Parameters<LogStore['count']>) {
    return this.inner.count(...a);
  }
  aggregate(...a: Parameters<LogStore['aggregate']>) {
    return this.inner.aggregate(...a);
  }
  fields() {
    return this.inner.fields();
  }
  tail(...a: Parameters<LogStore['tail']>) {
    return this.inner.tail(...a);
  }
  deleteOlderThan(cutoff: number) {
    return this.inner.deleteOlderThan(cutoff);
  }
  saveObject(...a: Parameters<LogStore['saveObject']>) {
    return this.inner.saveObject(...a);
  }
  getObject(type: string, id: string) {
    return this.inner.getObject(type, id);
  }
  listObjects(type: string) {
    return this.inner.listObjects(type);
  }
  deleteObject(type: string, id: string) {
    return this.inner.deleteObject(type, id);
  }
  close() {
    return this.inner.close();
  }
}
