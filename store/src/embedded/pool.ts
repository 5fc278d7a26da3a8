/**
 * A few DuckDB connections to one database for reads, so that the queries of one page (hit count,
 * hits, aggregations) run side by side instead of queueing on one connection. Connections are
 * made on first need, at most `max`; callers beyond that wait their turn.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export class ConnectionPool {
  private readonly instance: DuckDBInstance;
  private readonly max: number;
  private readonly idle: DuckDBConnection[] = [];
  private readonly all: DuckDBConnection[] = [];
  private readonly waiting: Array<(conn: DuckDBConnection) => void> = [];
  private opening = 0;

  constructor(instance: DuckDBInstance, max: number) {
    this.instance = instance;
    this.max = Math.max(1, max);
  }

  /** Runs fn with a connection of its own, returned to the pool afterwards. */
  async use<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.acquire();
    try {
      return await fn(conn);
    } finally {
      this.release(conn);
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

  closeAll(): void {
    for (const conn of this.all) conn.closeSync();
    this.all.length = 0;
    this.idle.length = 0;
  }
}
