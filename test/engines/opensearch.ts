/** A real single-node OpenSearch (in-JVM runner from Maven Central), or the one OPENSEARCH_URL names. */
import path from 'node:path';
import {
  ENGINES_DIR,
  ensureJars,
  freePort,
  getJson,
  javaBinary,
  makeTempDir,
  startProcess,
  stopIfNotReady,
  stopProcess,
  waitUntilReady,
} from './process.ts';
import type { RunningEngine } from './types.ts';

interface RootInfo {
  version?: { number?: string; distribution?: string };
}

async function versionAt(url: string): Promise<string> {
  const info = (await getJson(url)) as RootInfo;
  return info.version?.number ?? 'unknown';
}

export async function startOpenSearch(): Promise<RunningEngine> {
  const external = process.env.OPENSEARCH_URL;
  if (external) {
    return {
      name: 'opensearch',
      url: external,
      version: await versionAt(external),
      logFile: '',
      external: true,
      stop: async () => {},
    };
  }
  await ensureJars('opensearch');
  const dir = await makeTempDir('opensearch');
  const [httpPort, transportPort] = [await freePort(), await freePort()];
  const proc = startProcess(
    javaBinary(),
    [
      '-Xms512m',
      '-Xmx1g',
      '-XX:+UseSerialGC',
      '-cp',
      'lib/*',
      'Launcher.java',
      path.join(dir, 'node'),
      String(httpPort),
      String(transportPort),
    ],
    { cwd: path.join(ENGINES_DIR, 'opensearch'), logFile: path.join(dir, `opensearch-${httpPort}.log`) },
  );
  const url = `http://127.0.0.1:${httpPort}`;
  const version = await stopIfNotReady(proc, dir, async () => {
    await waitUntilReady(
      'OpenSearch',
      proc,
      async () => {
        const health = (await getJson(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`)) as {
          status?: string;
        };
        return health.status === 'green' || health.status === 'yellow' ? true : undefined;
      },
      180_000,
    );
    return await versionAt(url);
  });
  return {
    name: 'opensearch',
    url,
    version,
    logFile: proc.logFile,
    external: false,
    stop: () => stopProcess(proc, dir),
  };
}
