/**
 * `driftwood query [--from T] [--to T] [--count] [--size N] 'KQL'` — search from the terminal.
 * T is ISO 8601 or relative (`now-15m`); `--to` is included, as in Discover. Prints one JSON document per line, newest first, or
 * with --count one integer. Works while `driftwood up` holds the same data dir (it asks that
 * process over loopback HTTP); otherwise it opens the data read-only.
 */
import { parseArgs } from 'node:util';
import { isDriftwoodError, resolveTimeRange } from '@driftwood/core';
import type { LogStore } from '../contract.ts';
import { openStore, selectStore } from '../open.ts';

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    process.stderr.write(`driftwood query: ${(error as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  let store: LogStore | undefined;
  try {
    const now = new Date();
    // the same range as Discover's for the same two expressions: the end is included
    const { from, to } = resolveTimeRange(values.from, values.to, now);
    const query = positionals.join(' ');
    store = await openStore(selectStore({ store: values.store, data: values.data, url: values.url }), {
      readOnly: true,
    });
    if (values.count) {
      process.stdout.write(`${await store.count({ query, from, to })}\n`);
      return 0;
    }
    const size = Number(values.size ?? 20);
    if (!Number.isInteger(size) || size < 0) throw new Error(`--size must be a whole number, got "${values.size}"`);
    const result = await store.search({ query, from, to, size });
    for (const hit of result.hits) process.stdout.write(`${JSON.stringify(hit.doc)}\n`);
    if (process.stderr.isTTY) process.stderr.write(`${result.hits.length} of ${result.total} events\n`);
    return 0;
  } catch (error) {
    if (isDriftwoodError(error)) {
      process.stderr.write(`driftwood query: ${error.message}\n`);
      return error.code === 'KQL_SYNTAX' || error.code === 'INPUT_INVALID' || error.code === 'CONFIG_INVALID' ? 2 : 1;
    }
    process.stderr.write(`driftwood query: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      count: { type: 'boolean', default: false },
      size: { type: 'string' },
      store: { type: 'string' },
      data: { type: 'string' },
      url: { type: 'string' },
    },
  });
}
