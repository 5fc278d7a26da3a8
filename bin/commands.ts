/** The subcommands of `driftwood` (see shared/DESIGN.md), each loaded only when used. */
export interface CommandModule {
  /** Runs the command with its arguments; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

export interface CommandEntry {
  name: string;
  synopsis: string;
  summary: string;
  /** Loads the implementation; absent while the command does not exist yet. */
  module?: () => Promise<unknown>;
  /**
   * V8 options the command runs with (the process re-executes itself with them, same pid), unless
   * NODE_OPTIONS already sets the same ones.
   */
  v8Options?: string[];
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'up',
    synopsis: 'up [--store embedded|opensearch|elasticsearch] [--data DIR] [--demo]',
    summary: 'run everything: indexer, UI, alerting and a local shipper',
    module: () => import('./up/up.ts'),
  },
  {
    name: 'ship',
    synopsis: 'ship --config FILE [--data DIR]',
    summary: 'run the shipper agent',
    module: () => import('../shipper/src/cli.ts'),
    // A smaller young generation: the agent's events live for one round trip to the output, so a
    // large one mostly holds garbage. Measured on 500k lines: peak RSS 320 → 240 MB, same rate.
    v8Options: ['--max-semi-space-size=8'],
  },
  {
    name: 'index',
    synopsis: 'index --config FILE',
    summary: 'run the indexer',
    module: () => import('../indexer/src/cli/index-command.ts'),
  },
  {
    name: 'ui',
    synopsis: 'ui [--host H] [--port 5601]',
    summary: 'run the web UI',
    module: () => import('./up/ui-command.ts'),
  },
  {
    name: 'alerts',
    synopsis: 'alerts [--rules FILE] [--once]',
    summary: 'run the alert evaluator',
    module: () => import('../alerting/src/cli.ts'),
  },
  {
    name: 'parse',
    synopsis: 'parse --pipeline NAME',
    summary: 'parse raw lines from stdin, print one ECS JSON document per line',
    module: () => import('../indexer/src/cli/parse.ts'),
  },
  {
    name: 'import',
    synopsis: 'import [--pipeline NAME] FILE...',
    summary: 'batch-load plain or .gz log files into the store',
    module: () => import('../indexer/src/cli/import.ts'),
  },
  {
    name: 'query',
    synopsis: "query [--from T] [--to T] [--count] [--size N] 'KQL'",
    summary: 'search from the terminal',
    module: () => import('../store/src/cli/query.ts'),
  },
];

/**
 * The arguments to re-execute this process with for `entry`'s V8 options, or undefined when it
 * already runs with them (or sets them itself through NODE_OPTIONS / its own flags).
 */
export function reexecArgs(entry: CommandEntry, env: NodeJS.ProcessEnv, execArgv: string[]): string[] | undefined {
  if (!entry.v8Options?.length || env.DRIFTWOOD_V8_OPTIONS_APPLIED === '1') return undefined;
  const given = `${env.NODE_OPTIONS ?? ''} ${execArgv.join(' ')}`;
  const wanted = entry.v8Options.filter((o) => !given.includes(o.split('=')[0]!));
  return wanted.length > 0 ? [...wanted, ...execArgv] : undefined;
}

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.synopsis.length));
  const lines = COMMANDS.map((c) => `  driftwood ${c.synopsis.padEnd(width)}  ${c.summary}`);
  return [
    'Driftwood: ship, index, search and chart logs.',
    '',
    'Usage:',
    ...lines,
    '',
    'Store selection (every command): --store embedded|opensearch|elasticsearch, --data DIR,',
    'or DRIFTWOOD_STORE, DRIFTWOOD_DATA, OPENSEARCH_URL, ELASTICSEARCH_URL.',
    '',
  ].join('\n');
}
