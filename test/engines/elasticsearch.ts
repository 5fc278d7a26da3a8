/**
 * A real single-node Elasticsearch for tests, run from Maven Central jars (no Docker, no internet).
 *
 * - ELASTICSEARCH_URL set: use that cluster (version read from GET /), never start or stop it.
 * - Otherwise: fetch the jars once (mvn, into test/engines/elasticsearch/lib/), start
 *   test/engines/elasticsearch/Launcher.java on a free loopback port with a Java 21+ runtime,
 *   wait for yellow health, and hand back a RunningEngine whose stop() kills it and removes its data.
 *
 * Java: ES_JAVA_HOME, then JAVA_HOME, then any JDK under /usr/lib/jvm, whichever is first to be 21 or newer.
 * The node's stdout+stderr go to <tmp>/driftwood-es-XXXX/elasticsearch.log (kept after stop, and copied to
 * .engines/logs/ under the repo root).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ENGINE_ENV, type RunningEngine } from './types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const engineDir = path.join(here, 'elasticsearch');
const repoRoot = path.resolve(here, '..', '..');
const libDir = path.join(engineDir, 'lib');
/** Written last by the mvn step, so its presence means the jars are complete. */
const nettyModuleDir = path.join(libDir, 'modules', 'transport-netty4');

const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;
const MIN_JAVA = 21;

export async function startElasticsearch(): Promise<RunningEngine> {
  const external = process.env[ENGINE_ENV.elasticsearch];
  if (external) return externalEngine(external);

  await ensureElasticsearchJars();
  const javaBin = findJava();
  const [httpPort, transportPort] = await freePorts(2);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'driftwood-es-'));
  const home = path.join(tmp, 'home');
  await fs.mkdir(home);
  const logFile = path.join(tmp, 'elasticsearch.log');
  const log = await fs.open(logFile, 'a');
  const url = `http://127.0.0.1:${httpPort}`;

  const started = Date.now();
  const child = spawn(
    javaBin,
    [
      '-Xms512m',
      '-Xmx1g',
      '-XX:+UseG1GC',
      '-Dfile.encoding=UTF-8',
      `-Djava.io.tmpdir=${tmp}`,
      '-Ddriftwood.exitOnStdinEof=true',
      '--add-modules=jdk.incubator.vector',
      '--enable-native-access=ALL-UNNAMED',
      '-cp',
      path.join(libDir, '*'),
      path.join(engineDir, 'Launcher.java'),
      home,
      String(httpPort),
      String(transportPort),
    ],
    // stdin stays a pipe: the launcher exits when it closes, so a killed test run leaves no JVM behind.
    { cwd: engineDir, stdio: ['pipe', log.fd, log.fd] },
  );
  await log.close();

  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  child.on('error', (err) => {
    exited = `failed to run (${javaBin}: ${err.message})`;
  });
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('exit', killOnExit);
      await killChild(child);
      await fs.rm(home, { recursive: true, force: true });
      const kept = path.join(repoRoot, '.engines', 'logs', `elasticsearch-${httpPort}.log`);
      await fs.mkdir(path.dirname(kept), { recursive: true });
      await fs.copyFile(logFile, kept).catch(() => {});
    })();
    return stopping;
  };

  try {
    await waitForYellow(url, () => exited);
    const version = await readVersion(url, {});
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    await fs.appendFile(logFile, `[driftwood] elasticsearch ${version} ready at ${url} after ${seconds}s\n`);
    return { name: 'elasticsearch', url, version, logFile, external: false, stop };
  } catch (err) {
    await stop();
    const tail = await lastLines(logFile, 50);
    throw new Error(
      `elasticsearch did not start: ${(err as Error).message}\n--- last lines of ${logFile} ---\n${tail}`,
    );
  }
}

async function externalEngine(raw: string): Promise<RunningEngine> {
  const parsed = new URL(raw);
  const headers: Record<string, string> = {};
  if (parsed.username) {
    const user = decodeURIComponent(parsed.username);
    const pass = decodeURIComponent(parsed.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  parsed.username = '';
  parsed.password = '';
  const version = await readVersion(parsed.origin, headers);
  return {
    name: 'elasticsearch',
    url: raw.replace(/\/+$/, ''),
    version,
    logFile: '',
    external: true,
    stop: async () => {},
  };
}

let fetching: Promise<void> | undefined;

/** Runs the pom once (jars land in test/engines/elasticsearch/lib/, git-ignored); a lock keeps parallel runs apart. */
export function ensureElasticsearchJars(): Promise<void> {
  fetching ??= (async () => {
    if (jarsPresent()) return;
    await fs.mkdir(libDir, { recursive: true }); // git-ignored, so the lock below never shows up in git status
    const lock = path.join(libDir, '.fetch.lock');
    for (let waited = 0; ; waited += 500) {
      try {
        await fs.mkdir(lock);
        break;
      } catch {
        if (jarsPresent()) return;
        if (waited > 300_000) await fs.rm(lock, { recursive: true, force: true });
        await sleep(500);
      }
    }
    try {
      if (jarsPresent()) return;
      await promisify(execFile)('mvn', ['-q', '-B', '-f', path.join(engineDir, 'pom.xml'), 'generate-resources'], {
        cwd: engineDir,
        maxBuffer: 16 * 1024 * 1024,
      }).catch((err: Error & { stdout?: string; stderr?: string }) => {
        throw new Error(
          `fetching Elasticsearch jars with mvn failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`,
        );
      });
      if (!jarsPresent()) throw new Error(`mvn ran but ${nettyModuleDir} has no transport-netty4 jar`);
    } finally {
      await fs.rm(lock, { recursive: true, force: true });
    }
  })();
  return fetching;
}

function jarsPresent(): boolean {
  return existsSync(nettyModuleDir) && readdirSync(nettyModuleDir).some((f) => f.endsWith('.jar'));
}

/** A java binary of version 21 or newer (ES 9 needs it). */
function findJava(): string {
  const candidates: string[] = [];
  for (const env of ['ES_JAVA_HOME', 'JAVA_HOME']) {
    const v = process.env[env];
    if (v) candidates.push(v);
  }
  const jvmRoot = '/usr/lib/jvm';
  if (existsSync(jvmRoot)) {
    const found = readdirSync(jvmRoot)
      .map((d) => path.join(jvmRoot, d))
      .filter((d) => existsSync(path.join(d, 'release')));
    // newest first
    found.sort((a, b) => javaMajor(b) - javaMajor(a));
    candidates.push(...found);
  }
  for (const home of candidates) {
    const bin = path.join(home, 'bin', 'java');
    if (existsSync(bin) && javaMajor(home) >= MIN_JAVA) return bin;
  }
  throw new Error(
    `Elasticsearch 9 needs Java ${MIN_JAVA}+; none found in ES_JAVA_HOME, JAVA_HOME or /usr/lib/jvm (looked at: ${candidates.join(', ') || 'nothing'})`,
  );
}

function javaMajor(home: string): number {
  try {
    const release = readFileSync(path.join(home, 'release'), 'utf8');
    const m = /^JAVA_VERSION="(\d+)(?:\.(\d+))?/m.exec(release);
    if (!m) return 0;
    const major = Number(m[1]);
    return major === 1 ? Number(m[2]) : major;
  } catch {
    return 0;
  }
}

/** Ports the OS hands out for 127.0.0.1:0, all held open together so they differ, then released. */
async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      ports.push((server.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

async function waitForYellow(url: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`the java process ${gone} before it was ready`);
    try {
      const res = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, {
        signal: AbortSignal.timeout(5_000),
      });
      const body = (await res.json()) as { status?: string };
      if (res.ok && (body.status === 'yellow' || body.status === 'green')) return;
      last = `HTTP ${res.status} ${JSON.stringify(body)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`not yellow after ${READY_TIMEOUT_MS / 1000}s (last: ${last})`);
}

async function readVersion(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}/`, { headers, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${url}/ answered HTTP ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { version?: { number?: string; distribution?: string } };
  if (body.version?.distribution === 'opensearch') throw new Error(`${url} is OpenSearch, not Elasticsearch`);
  const number = body.version?.number;
  if (!number) throw new Error(`GET ${url}/ has no version.number: ${JSON.stringify(body)}`);
  return number;
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await done;
  clearTimeout(timer);
}

async function lastLines(file: string, n: number): Promise<string> {
  try {
    const text = await fs.readFile(file, 'utf8');
    return text
      .split('\n')
      .slice(-n - 1)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
