import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from './pool.ts';

describe('ConnectionPool', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  afterAll(() => instance.closeSync());

  it('never hands one connection to two users at once and reuses connections', async () => {
    const pool = new ConnectionPool(instance, 2);
    const inUse = new Set<unknown>();
    const seen = new Set<unknown>();
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        pool.use(async (conn) => {
          expect(inUse.has(conn)).toBe(false);
          inUse.add(conn);
          seen.add(conn);
          most = Math.max(most, inUse.size);
          const rows = (await conn.runAndReadAll(`SELECT ${i} + 1 AS x`)).getRowsJS();
          expect(rows[0]?.[0]).toBe(i + 1);
          inUse.delete(conn);
        }),
      ),
    );
    expect(most).toBe(2);
    expect(seen.size).toBe(2);
    pool.closeAll();
  });

  it('returns the connection when the user fails', async () => {
    const pool = new ConnectionPool(instance, 1);
    await expect(pool.use(async (conn) => conn.run('SELECT * FROM no_such_table'))).rejects.toThrow();
    expect(await pool.use(async () => 'next')).toBe('next');
    pool.closeAll();
  });
});
