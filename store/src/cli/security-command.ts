/**
 * What `driftwood users`, `driftwood apikeys` and `driftwood roles` share: the store selection of
 * `driftwood query` (through the store API of the process that owns the data dir when there is
 * one), the security service over it, and errors as messages with exit codes (2 for bad input).
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DriftwoodError, isDriftwoodError } from '@driftwood/core';
import type { LogStore } from '../contract.ts';
import { openStore, type StoreSelection, selectStore } from '../open.ts';
import { SecurityService } from '../security/service.ts';

export const STORE_OPTIONS = {
  store: { type: 'string' },
  data: { type: 'string' },
  url: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Subcommand {
  options: ParseArgsConfig['options'];
  /** Only reads: the embedded file is opened read-only when no one owns it. */
  readOnly?: boolean;
  run(security: SecurityService, values: Values, positionals: string[], selection: StoreSelection): Promise<number>;
}

export async function runSecurityCommand(
  command: string,
  usage: string,
  subcommands: Record<string, Subcommand>,
  args: string[],
): Promise<number> {
  const [name, ...rest] = args;
  const sub = name === undefined ? undefined : subcommands[name];
  if (!sub) {
    process.stderr.write(
      `${name === undefined ? '' : `driftwood ${command}: unknown subcommand "${name}"\n\n`}${usage}`,
    );
    return 2;
  }
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...STORE_OPTIONS, ...sub.options },
    }) as { values: Values; positionals: string[] });
  } catch (error) {
    process.stderr.write(`driftwood ${command} ${name}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  let store: LogStore | undefined;
  try {
    const selection = selectStore({
      store: values.store as string | undefined,
      data: values.data as string | undefined,
      url: values.url as string | undefined,
    });
    store = await openStore(selection, { readOnly: sub.readOnly === true });
    const security = await SecurityService.open(store);
    return await sub.run(security, values, positionals, selection);
  } catch (error) {
    const message = isDriftwoodError(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`driftwood ${command} ${name}: ${message}\n`);
    const bad =
      isDriftwoodError(error) && ['INPUT_INVALID', 'KQL_SYNTAX', 'CONFIG_INVALID', 'NOT_FOUND'].includes(error.code);
    return bad ? 2 : 1;
  } finally {
    await store?.close();
  }
}

/** The one positional a subcommand takes (a name or id), or an INPUT_INVALID error. */
export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) {
    throw new DriftwoodError('INPUT_INVALID', `give exactly one ${what}`);
  }
  return positionals[0] as string;
}

export function list(values: Values, key: string): string[] {
  const v = values[key];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** Rows as aligned columns. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `${rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ')).join('\n')}\n`;
}
