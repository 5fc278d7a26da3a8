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
    await pool.closeAll();
  });

  it('returns the connection when the user fails', async () => {
    const pool = new ConnectionPool(instance, 1);
    await expect(pool.use(async (conn) => conn.run('SELECT * FROM no_such_table'))).rejects.toThrow();
    expect(await pool.use(async () => 'next')).toBe('next');
    await pool.closeAll();
  });

  it('closes only once the reads in flight are done, and refuses reads after that (a connection closed under a query crashes the process)', async () => {
    const own = await DuckDBInstance.create(':memory:');
    const pool = new ConnectionPool(own, 2);
    const order: string[] = [];
    const slow = pool.use(async (conn) => {
      const rows = (await conn.runAndReadAll('SELECT sum(range) AS s FROM range(100000000)')).getRowsJS();
      order.push('query done');
      return rows[0]?.[0];
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = pool.closeAll().then(() => order.push('closed'));
    await expect(pool.use(async () => 'late')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await slow).toBe(4999999950000000n);
    await closing;
    expect(order).toEqual(['query done', 'closed']);
    own.closeSync();
  });
});
