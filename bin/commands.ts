/** The subcommands of `driftwood` (see docs/architecture.md), each loaded only when used. */
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
  /** Environment the command runs with (through the same re-execution), unless already set. */
  env?: Record<string, string>;
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
    module: () => import('@driftwood/shipper/cli'),
    // The agent's events live for one round trip to the output: a small young generation and a
    // configured old-space limit (which makes V8 grow the heap conservatively; 256 MB leaves room
    // for 10 MB HTTP bodies) keep its memory near its live data, and two malloc arenas that give
    // freed memory back keep glibc from holding what V8 and the I/O threads let go. Measured on
    // 500k lines (bench/shipper.bench.ts): peak RSS 320 → about 145 MB.
    v8Options: ['--max-semi-space-size=8', '--max-old-space-size=256'],
    env: { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' },
  },
  {
    name: 'index',
    synopsis: 'index --config FILE',
    summary: 'run the indexer',
    module: () => import('@driftwood/indexer/cli/index-command'),
  },
  {
    name: 'ui',
    synopsis: 'ui [--host H] [--port 5601]',
    summary: 'run the web UI',
    module: () => import('./up/ui-command.ts'),
  },
  {
    name: 'alerts',
    synopsis: 'alerts [--config FILE] [--rules FILE] [--once]',
    summary: 'run the alert evaluator',
    module: () => import('@driftwood/alerting/cli'),
  },
  {
    name: 'parse',
    synopsis: 'parse --pipeline NAME',
    summary: 'parse raw lines from stdin, print one ECS JSON document per line',
    module: () => import('@driftwood/indexer/cli/parse'),
  },
  {
    name: 'import',
    synopsis: 'import [--pipeline NAME] FILE...',
    summary: 'batch-load plain or .gz log files into the store',
    module: () => import('@driftwood/indexer/cli/import'),
  },
  {
    name: 'query',
    synopsis: "query [--from T] [--to T] [--count] [--size N] 'KQL'",
    summary: 'search from the terminal',
    module: () => import('@driftwood/store/cli/query'),
  },
  {
    name: 'users',
    synopsis: 'users add|passwd|roles|remove|list [NAME] [--role R]',
    summary: 'manage the users who log in (passwords read from a prompt or stdin)',
    module: () => import('@driftwood/store/cli/users'),
  },
  {
    name: 'roles',
    synopsis: 'roles list|put|remove [NAME] [--privilege P] [--filter KQL]',
    summary: 'list the roles; add custom ones, optionally with a KQL filter on what they read',
    module: () => import('@driftwood/store/cli/roles'),
  },
  {
    name: 'apikeys',
    synopsis: 'apikeys create|list|revoke [--name N --role R [--expires 30d]] [ID]',
    summary: 'API keys for shippers and scripts (Authorization: ApiKey …); shown once',
    module: () => import('@driftwood/store/cli/apikeys'),
  },
  {
    name: 'dashboards',
    synopsis: 'dashboards import FILE|DIR | export ID [--out FILE] | list',
    summary: 'dashboards as code: load JSON files into the store, write one back in the same format',
    module: () => import('@driftwood/store/cli/dashboards'),
  },
];

/**
 * The arguments to re-execute this process with for `entry`'s V8 options, or undefined when it
 * already runs with them (or sets them itself through NODE_OPTIONS / its own flags).
 */
export function reexecArgs(
  entry: CommandEntry,
  env: NodeJS.ProcessEnv,
  execArgv: string[],
): { args: string[]; env: Record<string, string> } | undefined {
  if (env.DRIFTWOOD_V8_OPTIONS_APPLIED === '1') return undefined;
  const given = `${env.NODE_OPTIONS ?? ''} ${execArgv.join(' ')}`;
  const wanted = (entry.v8Options ?? []).filter((o) => !given.includes(o.split('=')[0]!));
  const wantedEnv = Object.fromEntries(Object.entries(entry.env ?? {}).filter(([k]) => env[k] === undefined));
  if (wanted.length === 0 && Object.keys(wantedEnv).length === 0) return undefined;
  return { args: [...wanted, ...execArgv], env: wantedEnv };
}

/** What `driftwood NAME` does before loading anything: run a command, or exit with a message. */
export type Dispatch =
  | { command: CommandEntry & { module: () => Promise<unknown> } }
  | { exit: number; stdout?: string; stderr?: string };

/** Picks the command `name` names among `commands`; help, unknown and unimplemented ones exit. */
export function dispatch(name: string | undefined, commands: CommandEntry[] = COMMANDS): Dispatch {
  if (name === undefined) return { exit: 1, stdout: usage(commands) };
  if (name === '--help' || name === '-h' || name === 'help') return { exit: 0, stdout: usage(commands) };
  const command = commands.find((c) => c.name === name);
  if (!command) return { exit: 2, stderr: `driftwood: unknown command "${name}"\n\n${usage(commands)}` };
  const { module } = command;
  if (!module) {
    return { exit: 3, stderr: `driftwood ${name}: not implemented yet (${command.summary}). See the open issues.\n` };
  }
  return { command: { ...command, module } };
}

export function usage(commands: CommandEntry[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.synopsis.length));
  const lines = commands.map((c) => `  driftwood ${c.synopsis.padEnd(width)}  ${c.summary}`);
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
