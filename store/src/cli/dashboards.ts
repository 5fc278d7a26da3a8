/**
 * `driftwood dashboards import FILE|DIR…` / `export ID [--out FILE]` / `list [--json]` — dashboards
 * as code: the files of `dashboards/` (or any), in and out of the configured store in the one
 * canonical format, so an export diffs cleanly against the file imported.
 * Store selection as for `driftwood query` (through the process that owns the data dir, if any).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DriftwoodError, isDriftwoodError } from '@driftwood/core';
import type { LogStore } from '../contract.ts';
import { loadDashboards, reportLine } from '../dashboards/load.ts';
import { exportDashboard, listDashboards } from '../dashboards/saved.ts';
import { openStore, selectStore } from '../open.ts';
import { table } from './security-command.ts';

export const USAGE = `usage: driftwood dashboards import FILE|DIR [FILE|DIR…]
       driftwood dashboards export ID [--out FILE]
       driftwood dashboards list [--json]
  Files are one JSON dashboard each (see dashboards/); import upserts by id, export prints the file.
  Store selection as for \`driftwood query\`: --store, --data, --url or the environment.
`;

type Values = { store?: string; data?: string; url?: string; out?: string; json?: boolean };

const SUBCOMMANDS: Record<
  string,
  { readOnly: boolean; run(store: LogStore, values: Values, args: string[]): Promise<number> }
> = {
  import: {
    readOnly: false,
    async run(store, _values, args) {
      if (args.length === 0) throw new DriftwoodError('INPUT_INVALID', 'give at least one FILE or DIR');
      let failed = 0;
      for (const target of args) {
        const report = await loadDashboards(store, target, { force: true, displayName: (f) => f });
        for (const o of report.files) {
          if (o.status === 'error') for (const e of o.errors) process.stderr.write(`${e}\n`);
          else process.stdout.write(`${o.file}: ${o.id} ${o.status}\n`);
        }
        process.stdout.write(`${reportLine(report).replace(/ \(.*\)$/, '')}\n`);
        failed += report.failed;
      }
      return failed > 0 ? 1 : 0;
    },
  },
  export: {
    readOnly: true,
    async run(store, values, args) {
      if (args.length !== 1) throw new DriftwoodError('INPUT_INVALID', 'give exactly one dashboard id');
      const text = await exportDashboard(store, args[0] as string);
      if (values.out) {
        await writeFile(values.out, text);
        process.stderr.write(`wrote ${values.out}\n`);
      } else process.stdout.write(text);
      return 0;
    },
  },
  list: {
    readOnly: true,
    async run(store, values) {
      const all = await listDashboards(store);
      if (values.json) {
        for (const d of all) process.stdout.write(`${JSON.stringify(d)}\n`);
        return 0;
      }
      process.stdout.write(
        table([
          ['ID', 'PANELS', 'FILE', 'TITLE'],
          ...all.map((d) => [d.id, String(d.panels), d.provisioned?.file ?? '-', d.title]),
        ]),
      );
      return 0;
    },
  },
};

export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  const sub = name === undefined ? undefined : SUBCOMMANDS[name];
  if (!sub) {
    process.stderr.write(
      `${name === undefined ? '' : `driftwood dashboards: unknown subcommand "${name}"\n\n`}${USAGE}`,
    );
    return 2;
  }
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        store: { type: 'string' },
        data: { type: 'string' },
        url: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`driftwood dashboards ${name}: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  let store: LogStore | undefined;
  try {
    store = await openStore(selectStore({ store: values.store, data: values.data, url: values.url }), {
      readOnly: sub.readOnly,
    });
    return await sub.run(store, values, positionals);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`driftwood dashboards ${name}: ${message}\n`);
    const bad = isDriftwoodError(error) && ['INPUT_INVALID', 'CONFIG_INVALID', 'NOT_FOUND'].includes(error.code);
    return bad ? 2 : 1;
  } finally {
    await store?.close();
  }
}
