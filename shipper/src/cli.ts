/**
 * `driftwood ship --config FILE [--data DIR] [--check]`: validates the config, then runs the
 * agent until SIGINT/SIGTERM (a second signal exits at once); SIGHUP reloads the config. Exit codes: 0 ok, 1 runtime
 * failure, 2 usage or config error.
 */
import { isDriftwoodError } from '@driftwood/core';
import { Agent } from './agent.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';

export const USAGE = `usage: driftwood ship --config FILE [--data DIR] [--check]

  --config FILE   shipper config (YAML: inputs, processors, queue, output, http)
  --data DIR      checkpoints (registry/) and the disk queue live here (default ./data/shipper)
  --check         validate the config and exit
  --quiet         log warnings and errors only
`;

interface Args {
  config?: string;
  data: string;
  check: boolean;
  quiet: boolean;
  help: boolean;
}

function parseArgs(args: string[]): Args | string {
  const out: Args = { data: './data/shipper', check: false, quiet: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--config' || flag === '-c') out.config = value();
    else if (flag === '--data') out.data = value() ?? '';
    else if (flag === '--check') out.check = true;
    else if (flag === '--quiet') out.quiet = true;
    else if (flag === '--help' || flag === '-h') out.help = true;
    else return `unknown argument "${a}"`;
  }
  if (!out.help && !out.config) return '--config FILE is required';
  if (!out.data) return '--data needs a directory';
  return out;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`driftwood ship: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig(parsed.config!);
  } catch (err) {
    process.stderr.write(`driftwood ship: ${isDriftwoodError(err) ? err.message : String(err)}\n`);
    return 2;
  }
  if (parsed.check) {
    process.stdout.write(
      `config OK: ${config.inputs.length} input(s), ${config.processors.length} processor(s), ${config.queue.type} queue, output ${config.output.type}\n`,
    );
    return 0;
  }
  const log = createLogger({ quiet: parsed.quiet });
  let agent = new Agent({ config, dataDir: parsed.data, log, status: true });
  let stopRequested: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      log.warn(`second ${signal}: exiting now`);
      process.exit(130);
    }
    log.info(`${signal}: stopping`);
    stopRequested();
  };
  // SIGHUP reloads the config: a valid new config replaces the running agent (checkpoints and
  // the queue stay in the data dir, so nothing is read twice or lost); an invalid one is
  // reported and the running agent keeps going.
  let reloading: Promise<void> = Promise.resolve();
  const onReload = (): void => {
    reloading = reloading.then(async () => {
      let next: Awaited<ReturnType<typeof loadConfig>>;
      try {
        next = await loadConfig(parsed.config!);
      } catch (err) {
        log.error(`SIGHUP: config not reloaded: ${isDriftwoodError(err) ? err.message : String(err)}`);
        return;
      }
      log.info('SIGHUP: reloading the config');
      await agent.stop();
      agent = new Agent({ config: next, dataDir: parsed.data, log, status: true });
      try {
        await agent.start();
      } catch (err) {
        log.error(`could not start with the new config: ${isDriftwoodError(err) ? err.message : String(err)}`);
        stopRequested();
      }
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onReload);
  try {
    await agent.start();
  } catch (err) {
    log.error(`could not start: ${isDriftwoodError(err) ? err.message : String(err)}`);
    await agent.stop().catch(() => undefined);
    return 1;
  }
  await stopped;
  await reloading;
  await agent.stop();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('SIGHUP', onReload);
  return 0;
}
