/** Starts the engines tests need, all at once; reports each as running or skipped (with the reason). */
import { startKafka } from './kafka.ts';
import { startMosquitto } from './mosquitto.ts';
import { startOpenSearch } from './opensearch.ts';
import { commandAvailable } from './process.ts';
import { ENGINE_ENV, type EngineName, type RunningEngine } from './types.ts';

export const ALL_ENGINES: EngineName[] = ['opensearch', 'elasticsearch', 'kafka', 'mosquitto'];

export type EngineStatus = { url: string; version: string; external: boolean } | { skip: string };
export type EngineStatusMap = Record<EngineName, EngineStatus>;

async function startOne(name: EngineName): Promise<RunningEngine> {
  switch (name) {
    case 'opensearch':
      return await startOpenSearch();
    case 'elasticsearch': {
      const { startElasticsearch } = await import('./elasticsearch.ts');
      return await startElasticsearch();
    }
    case 'kafka':
      return await startKafka();
    case 'mosquitto':
      return await startMosquitto();
  }
}

/** Why an engine cannot run on this machine at all (no Java/Maven/Mosquitto), or undefined. */
async function missingPrerequisite(name: EngineName): Promise<string | undefined> {
  if (process.env[ENGINE_ENV[name]]) return undefined;
  if (name === 'mosquitto') {
    return (await commandAvailable(process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto', ['-h']))
      ? undefined
      : `mosquitto is not installed (apt-get install mosquitto) and ${ENGINE_ENV[name]} is not set`;
  }
  if (!(await commandAvailable('java', ['-version'])))
    return `Java is not installed and ${ENGINE_ENV[name]} is not set`;
  if (!(await commandAvailable('mvn', ['-v']))) return `Maven is not installed and ${ENGINE_ENV[name]} is not set`;
  return undefined;
}

export interface StartedEngines {
  status: EngineStatusMap;
  running: RunningEngine[];
  /** Engines that should have started but failed (errors carry the engine log's tail). */
  failures: Array<{ name: EngineName; error: Error }>;
  stop(): Promise<void>;
}

export async function startEngines(names: EngineName[] = ALL_ENGINES): Promise<StartedEngines> {
  const status = {} as EngineStatusMap;
  const running: RunningEngine[] = [];
  const failures: StartedEngines['failures'] = [];
  for (const name of ALL_ENGINES) if (!names.includes(name)) status[name] = { skip: 'not requested' };
  await Promise.all(
    names.map(async (name) => {
      const missing = await missingPrerequisite(name);
      if (missing) {
        status[name] = { skip: missing };
        return;
      }
      // A second try when the first start fails: a port taken between freePort() and the bind,
      // or a slow first JVM start, should not cost a whole CI run. A failed try stops what it started
      // (stopIfNotReady); when both fail, both errors are reported.
      let firstError: Error | undefined;
      for (let attempt = 1; attempt <= 2; attempt++) {
        try {
          const engine = await startOne(name);
          running.push(engine);
          status[name] = { url: engine.url, version: engine.version, external: engine.external };
          if (firstError)
            console.error(`engines: ${name} started on the second try; the first failed:\n${firstError.message}`);
          return;
        } catch (error) {
          const err = error instanceof Error ? error : new Error(String(error));
          if (attempt === 1 && !process.env[ENGINE_ENV[name]]) {
            firstError = err;
            continue;
          }
          // both tries failed: say both (the first may be the telling one)
          const both = firstError
            ? new Error(`${err.message}\n(the first try failed too: ${firstError.message})`)
            : err;
          failures.push({ name, error: both });
          status[name] = { skip: `${name} failed to start: ${err.message.split('\n')[0]}` };
          return;
        }
      }
    }),
  );
  return {
    status,
    running,
    failures,
    stop: async () => {
      await Promise.all(running.map((e) => e.stop()));
    },
  };
}
