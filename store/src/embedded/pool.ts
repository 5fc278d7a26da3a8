/**
 * A few DuckDB connections to one database for reads, so that the queries of one page (hit count,
 * hits, aggregations) run side by side instead of queueing on one connection. Connections are
 * made on first need, at most `max`; callers beyond that wait their turn.
 *
 * Closing waits for the reads in flight: a connection closed under a running query is freed memory
 * DuckDB still uses (the process dies with SIGSEGV). A read that starts after closing began is
 * refused (STORE_UNAVAILABLE); one of a request whose other parts failed can still be running when
 * its caller closes the store.
 */

import { DriftwoodError } from '@driftwood/core';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

const closed = () => new DriftwoodError('STORE_UNAVAILABLE', 'the embedded store is closing');

export class ConnectionPool {
  private readonly instance: DuckDBInstance;
  private readonly max: number;
  private readonly idle: DuckDBConnection[] = [];
  private readonly all: DuckDBConnection[] = [];
  private readonly waiting: Array<(conn: DuckDBConnection) => void> = [];
  private opening = 0;
  private active = 0;
  private closing = false;
  private idleAgain: (() => void) | undefined;

  constructor(instance: DuckDBInstance, max: number) {
    this.instance = instance;
    this.max = Math.max(1, max);
  }

  /** Runs fn with a connection of its own, returned to the pool afterwards. */
  async use<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closing) throw closed();
    this.active++;
    try {
      const conn = await this.acquire();
      try {
        return await fn(conn);
      } finally {
        this.release(conn);
      }
    } finally {
      this.active--;
      if (this.active === 0) this.idleAgain?.();
    }
  }

  private async acquire(): Promise<DuckDBConnection> {
    const conn = this.idle.pop();
    if (conn) return conn;
    if (this.all.length + this.opening < this.max) {
      this.opening++;
      try {
        const made = await this.instance.connect();
        this.all.push(made);
        return made;
      } finally {
        this.opening--;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(conn: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(conn);
    else this.idle.push(conn);
  }

  /** Refuses new reads, waits for those in flight, then closes every connection. */
  async closeAll(): Promise<void> {
    this.closing = true;
    if (this.active > 0) {
      await new Promise<void>((resolve) => {
        this.idleAgain = resolve;
      });
    }
    for (const conn of this.all) conn.closeSync();
    this.all.length = 0;
    this.idle.length = 0;
  }
}
