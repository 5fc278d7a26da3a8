/**
 * Shipper benchmark: a file of nginx `combined` lines → an Elasticsearch-compatible `_bulk`
 * endpoint, Driftwood's shipper vs rsyslog (omelasticsearch) vs syslog-ng (elasticsearch-http),
 * in the same run, to the same sink, with acknowledgements on (every tool waits for the `_bulk`
 * response before it counts a batch as delivered).
 *
 *   BENCH_SHIPPER_LINES=500000   lines in the file (default 500,000, ~73 MiB)
 *   BENCH_SHIPPER_ROUNDS=2       runs per tool (median and range are reported)
 *   BENCH_SHIPPER_PROFILE=auto   1: one extra Driftwood run under `node --cpu-prof` (not counted);
 *                                auto: only when the target is missed; 0: never
 *   BENCH_SHIPPER_PROFILE_DIR=…  keep the .cpuprofile there (default: deleted with the work dir)
 *   BENCH_SHIPPER_TOOLS=driftwood  run only these tools (a quick check; bench/RESULTS.md is not written)
 *
 * The sink (bench/peers/bulk-sink.ts) is a separate Node process that counts documents and answers
 * like Elasticsearch; docs/s is measured by it, from the first to the last document received.
 * Each tool starts fresh (new state dir) on a fresh copy of the file, one after another. Peak RSS
 * (VmHWM) and CPU time (utime + stime) of the shipper process come from /proc, polled every 100 ms
 * and read once more when the last document arrives. Peers use bench/peers/*.example with
 * only paths and the port changed; syslog-ng is unpacked into .tools/peers/syslog-ng if missing.
 * All traffic stays on 127.0.0.1; every process started here is stopped by its pid.
 */
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureSyslogNg, findRsyslog, PEERS_DIR, startSyslogNg } from '../test/indexer/peers.ts';
import type { SinkStats } from './peers/bulk-sink.ts';
import { summarizeProfile } from './peers/cpu-profile.ts';
import { writeNginxLines } from './peers/nginx-lines.ts';
import { machineBusyMs, ProcMonitor } from './peers/proc-monitor.ts';
import { machineLine, percentile, table, writeSection } from './results.ts';

const LINES = Number(process.env.BENCH_SHIPPER_LINES ?? 500_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_SHIPPER_ROUNDS ?? 2));
const PROFILE = process.env.BENCH_SHIPPER_PROFILE ?? 'auto';
const PROFILE_DIR = process.env.BENCH_SHIPPER_PROFILE_DIR;
/** Comma-separated names (`driftwood`, `rsyslog`, `syslog-ng`) to run only those; bench/RESULTS.md is then left alone. */
const ONLY = process.env.BENCH_SHIPPER_TOOLS?.split(',').map((s) => s.trim().toLowerCase());
const BUDGET_MS = 9 * 60_000;
const RUN_TIMEOUT_MS = 150_000;
const RSS_LIMIT_MB = 150;
const TARGET_FACTOR = 1.2;
const MB = 2 ** 20;

const repoRoot = path.resolve(import.meta.dirname, '..');
const began = Date.now();
const now = (): number => performance.timeOrigin + performance.now();
const live = new Set<ChildProcess>();

// ---- the sink --------------------------------------------------------------------------------

class Sink {
  readonly #child: ChildProcess;
  readonly port: number;
  #onMessage: ((msg: { type: string; stats?: SinkStats }) => void) | undefined;

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.port = port;
    child.on('message', (msg: { type: string; stats?: SinkStats }) => this.#onMessage?.(msg));
  }

  static async start(): Promise<Sink> {
    const child = fork(path.join(import.meta.dirname, 'peers/bulk-sink.ts'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { type: string; port?: number }) =>
        m.type === 'listening' ? resolve(m.port ?? 0) : reject(new Error(`sink said ${m.type}`)),
      );
      child.once('exit', (code) => reject(new Error(`sink exited with ${code}`)));
    });
    return new Sink(child, port);
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  /** Resets the counters; resolves with the stats when `docs` documents have arrived. */
  expect(docs: number): Promise<SinkStats> {
    const done = new Promise<SinkStats>((resolve) => {
      this.#onMessage = (msg) => {
        if (msg.type === 'done' && msg.stats) resolve(msg.stats);
      };
    });
    this.#child.send({ type: 'expect', docs });
    return done;
  }

  stats(): Promise<SinkStats> {
    return new Promise((resolve) => {
      const previous = this.#onMessage;
      this.#onMessage = (msg) => {
        if (msg.type === 'stats' && msg.stats) {
          this.#onMessage = previous;
          resolve(msg.stats);
        } else previous?.(msg);
      };
      this.#child.send({ type: 'stats' });
    });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((r) => this.#child.once('exit', r));
    this.#child.send({ type: 'stop' });
    await Promise.race([exited, sleep(3000)]);
    await stopProcess(this.#child, 1000);
  }
}

// ---- the tools -------------------------------------------------------------------------------

interface Tool {
  name: string;
  /** Why it cannot run here, if it cannot. */
  missing?: string;
  version: string;
  start(dir: string, port: number, extraNodeArgs?: string[]): ChildProcess;
}

/** The queue sections compared: memory (as both peers' configs queue) and disk (Driftwood's default). */
const QUEUES = {
  memory: 'queue:\n  type: memory\n  max_events: 12000\n',
  disk: 'queue:\n  type: disk\n  path: queue\n',
};
type QueueKind = keyof typeof QUEUES;

function driftwoodConfig(dir: string, port: number, queue: QueueKind): string {
  return `# bench/shipper.bench.ts: file (from the beginning) -> ${queue} queue -> _bulk, acks on
inputs:
  - type: file
    paths: ["${path.join(dir, 'access.log')}"]
    start_at: beginning
${QUEUES[queue]}output:
  type: bulk
  url: http://127.0.0.1:${port}
  index: nginx-access
  batch_max_events: 5000
  batch_max_bytes: 10485760
  max_in_flight: 2
  gzip: false
`;
}

function driftwood(queue: QueueKind): Tool {
  return {
    name: `Driftwood shipper (${queue} queue)`,
    version: `${JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version} (Node ${process.versions.node})`,
    start(dir, port, extraNodeArgs = []) {
      writeFileSync(path.join(dir, 'shipper.yml'), driftwoodConfig(dir, port, queue));
      return spawn(
        process.execPath,
        [
          ...extraNodeArgs,
          path.join(repoRoot, 'bin/driftwood.ts'),
          'ship',
          '--config',
          path.join(dir, 'shipper.yml'),
          '--data',
          path.join(dir, 'data'),
          '--quiet',
        ],
        { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    },
  };
}

function rsyslog(): Tool {
  const found = findRsyslog();
  const version = found.ok ? (/rsyslogd\s+(\S+)/.exec(run(found.path, ['-v']))?.[1] ?? '?') : '';
  return {
    name: 'rsyslog (omelasticsearch)',
    version,
    ...(found.ok ? {} : { missing: found.reason }),
    start(dir, port) {
      mkdirSync(path.join(dir, 'work'), { recursive: true });
      const conf = readFileSync(path.join(PEERS_DIR, 'rsyslog.conf.example'), 'utf8')
        .replaceAll('/tmp/peer/rsyslog', dir)
        .replace('serverport="9299"', `serverport="${port}"`);
      writeFileSync(path.join(dir, 'rsyslog.conf'), conf);
      return spawn((found as { path: string }).path, ['-n', '-iNONE', '-f', path.join(dir, 'rsyslog.conf')], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    },
  };
}

function syslogNg(): Tool {
  const found = ensureSyslogNg();
  const root = found.ok ? found.path : '';
  const moduleDir = found.ok
    ? (readdirSync(path.join(root, 'usr/lib/syslog-ng')).find((d) => /^\d+\.\d+$/.test(d)) ?? '?')
    : '';
  return {
    name: 'syslog-ng (elasticsearch-http)',
    version: moduleDir,
    ...(found.ok ? {} : { missing: found.reason }),
    start(dir, port) {
      const conf = readFileSync(path.join(PEERS_DIR, 'syslog-ng.conf.example'), 'utf8')
        .replaceAll('SYSLOGNG_ROOT', root)
        .replaceAll('/tmp/peer/syslog-ng', dir)
        .replace('127.0.0.1:9299', `127.0.0.1:${port}`);
      writeFileSync(path.join(dir, 'syslog-ng.conf'), conf);
      return startSyslogNg(root, path.join(dir, 'syslog-ng.conf'), dir);
    },
  };
}

// ---- one run ---------------------------------------------------------------------------------

interface RunResult {
  tool: string;
  round: number;
  ok: boolean;
  problem?: string;
  docs: number;
  extra: number;
  docsPerSec: number;
  /** Spawn → last document. */
  wallMs: number;
  /** Spawn → first document. */
  startupMs: number;
  peakRss: number;
  cpuMs: number;
  sinkCpuMs: number;
  /** Cores kept busy by other processes on the machine during the run (neither the tool nor the sink). */
  otherCores: number;
  bytesPerDoc: number;
  docsPerRequest: number;
  sample: string;
  other: Record<string, number>;
}

async function runOnce(
  tool: Tool,
  round: number,
  sink: Sink,
  source: string,
  work: string,
  timeoutMs: number,
  extraNodeArgs?: string[],
): Promise<RunResult & { exitedCleanly: boolean }> {
  const dir = path.join(work, `${tool.name.split(' ')[0]!.toLowerCase()}-${round}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(source, path.join(dir, 'access.log'));
  const done = sink.expect(LINES);
  const spawnedAt = now();
  const busyAtStart = machineBusyMs();
  const child = tool.start(dir, sink.port, extraNodeArgs);
  live.add(child);
  const output = collect(child);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(`exited early (${signal ?? code})`);
    }),
  );
  const monitor = new ProcMonitor(child.pid ?? 0);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    done,
    exited,
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`timed out after ${(timeoutMs / 1000).toFixed(0)} s`), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  const usage = monitor.sample();
  monitor.stop();
  const busyMs = machineBusyMs() - busyAtStart;
  const elapsedMs = now() - spawnedAt;
  // Anything after the expected count would be a duplicate: give it a moment to show.
  if (typeof outcome !== 'string') await sleep(1000);
  const stats = await sink.stats();
  const exitedCleanly = await stopProcess(child, extraNodeArgs ? 30_000 : 5_000);
  const ok = typeof outcome !== 'string';
  const first = stats.firstAt;
  const last = ok ? outcome.lastAt : stats.lastAt;
  const result: RunResult & { exitedCleanly: boolean } = {
    tool: tool.name,
    round,
    ok,
    ...(ok ? {} : { problem: `${outcome}; ${stats.docs} docs arrived. Output: ${output().slice(-600)}` }),
    docs: stats.docs,
    extra: Math.max(0, stats.docs - LINES),
    docsPerSec: last > first ? (Math.min(stats.docs, LINES) / (last - first)) * 1000 : 0,
    wallMs: last > 0 ? last - spawnedAt : Number.NaN,
    startupMs: first > 0 ? first - spawnedAt : Number.NaN,
    peakRss: usage.peakRss,
    cpuMs: usage.cpuMs,
    sinkCpuMs: ok ? outcome.sinkCpuMs : stats.sinkCpuMs,
    otherCores: Math.max(0, busyMs - usage.cpuMs - (ok ? outcome.sinkCpuMs : stats.sinkCpuMs)) / elapsedMs,
    bytesPerDoc: stats.docs > 0 ? stats.bodyBytes / stats.docs : 0,
    docsPerRequest: stats.requests > 0 ? stats.docs / stats.requests : 0,
    sample: stats.sample,
    other: stats.other,
    exitedCleanly,
  };
  if (!extraNodeArgs) rmSync(dir, { recursive: true, force: true });
  return result;
}

// ---- helpers ---------------------------------------------------------------------------------

/** A tool's name for the notes: "Driftwood (memory queue)", "rsyslog", "syslog-ng". */
function label(name: string): string {
  return name.startsWith('Driftwood') ? name.replace(' shipper', '') : name.split(' ')[0]!;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

function collect(child: ChildProcess): () => string {
  let text = '';
  const add = (d: Buffer): void => {
    text = (text + d.toString()).slice(-8000);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => text;
}

/** SIGTERM, then SIGKILL after `graceMs`; true when it exited on its own. */
async function stopProcess(child: ChildProcess, graceMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return true;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
  live.delete(child);
  return !killed;
}

function killAll(): void {
  for (const child of live) if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const median = (xs: number[]): number => percentile(xs, 50);
function spread(xs: number[], f: (n: number) => string): string {
  if (xs.length === 0) return '–';
  if (xs.length === 1) return f(xs[0]!);
  return `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
}

// ---- main ------------------------------------------------------------------------------------

const work = mkdtempSync(path.join(tmpdir(), 'driftwood-bench-shipper-'));
const source = path.join(work, 'access.log');
let sink: Sink | undefined;
try {
  const bytes = writeNginxLines(source, LINES);
  console.log(`generated ${fmt(LINES)} nginx lines, ${(bytes / MB).toFixed(1)} MiB`);
  const tools = [driftwood('memory'), driftwood('disk'), rsyslog(), syslogNg()];
  for (const t of tools) if (t.missing) console.warn(`${t.name}: not run (${t.missing})`);
  const runnable = tools.filter((t) => !t.missing && (!ONLY || ONLY.some((o) => t.name.toLowerCase().startsWith(o))));
  sink = await Sink.start();
  console.log(`sink pid ${sink.pid} on 127.0.0.1:${sink.port}`);

  const results: RunResult[] = [];
  let stoppedEarly = '';
  for (let round = 1; round <= ROUNDS && !stoppedEarly; round++) {
    // Rotate the order so no tool always runs first (cold) or last.
    const order = runnable.map((_, i) => runnable[(i + round - 1) % runnable.length]!);
    for (const tool of order) {
      const left = BUDGET_MS - (Date.now() - began);
      if (left < 30_000) {
        stoppedEarly = `time budget reached before round ${round} of ${tool.name}`;
        break;
      }
      const r = await runOnce(tool, round, sink, source, work, Math.min(RUN_TIMEOUT_MS, left - 15_000));
      results.push(r);
      console.log(
        `round ${round} ${tool.name}: ${r.ok ? `${fmt(r.docsPerSec)} docs/s` : `FAILED ${r.problem}`}, ` +
          `${fmt(r.docs)} docs (${r.extra} extra), last doc at ${(r.wallMs / 1000).toFixed(1)} s, ` +
          `peak RSS ${(r.peakRss / MB).toFixed(0)} MB, CPU ${(r.cpuMs / 1000).toFixed(1)} s, ` +
          `${r.bytesPerDoc.toFixed(0)} B/doc, ${r.docsPerRequest.toFixed(0)} docs/request, sink CPU ${(r.sinkCpuMs / 1000).toFixed(1)} s, ` +
          `other load ${r.otherCores.toFixed(2)} cores`,
      );
      await sleep(500);
    }
  }

  // ---- figures -------------------------------------------------------------------------------
  const good = (name: string): RunResult[] => results.filter((r) => r.tool === name && r.ok);
  const rows: Array<Array<string | number>> = [];
  const medianRate = new Map<string, number>();
  const peakRss = new Map<string, number>();
  for (const t of tools) {
    const rs = good(t.name);
    const failed = results.filter((r) => r.tool === t.name && !r.ok).length;
    if (t.missing) {
      rows.push([t.name, '', `not run: ${t.missing}`, '', '', '', '', '', '', '']);
      continue;
    }
    medianRate.set(t.name, median(rs.map((r) => r.docsPerSec)));
    peakRss.set(t.name, Math.max(0, ...rs.map((r) => r.peakRss)));
    rows.push([
      t.name,
      t.version,
      spread(
        rs.map((r) => r.docsPerSec),
        fmt,
      ),
      spread(
        rs.map((r) => r.wallMs / 1000),
        (n) => n.toFixed(1),
      ),
      spread(
        rs.map((r) => r.peakRss / MB),
        (n) => n.toFixed(0),
      ),
      spread(
        rs.map((r) => r.cpuMs / 1000),
        (n) => n.toFixed(1),
      ),
      spread(
        rs.map((r) => (r.cpuMs * 1000) / LINES),
        (n) => n.toFixed(1),
      ),
      fmt(median(rs.map((r) => r.bytesPerDoc))),
      fmt(median(rs.map((r) => r.docsPerRequest))),
      `${rs.length}${failed ? ` (+${failed} failed)` : ''}`,
    ]);
  }
  // Judged on the memory-queue row: both peers' configs queue in memory too (the disk-queue row is
  // Driftwood's default, shown beside it).
  const dw = tools[0]!.name;
  const dwDisk = tools[1]!.name;
  const peers = tools
    .filter((t) => !t.name.startsWith('Driftwood'))
    .filter((t) => medianRate.has(t.name) && Number.isFinite(medianRate.get(t.name)));
  const fastest = peers.sort((a, b) => medianRate.get(b.name)! - medianRate.get(a.name)!)[0];
  const dwRate = medianRate.get(dw) ?? Number.NaN;
  const dwRss = (peakRss.get(dw) ?? Number.NaN) / MB;
  const target = fastest ? medianRate.get(fastest.name)! * TARGET_FACTOR : Number.NaN;
  const met = dwRate >= target && dwRss <= RSS_LIMIT_MB;
  const verdict = fastest
    ? `Target: Driftwood ≥ ${TARGET_FACTOR}× the faster peer (${fastest.name}, ${fmt(medianRate.get(fastest.name)!)} docs/s → ${fmt(target)} docs/s) with peak RSS ≤ ${RSS_LIMIT_MB} MB. ` +
      `Driftwood: ${fmt(dwRate)} docs/s (${(dwRate / medianRate.get(fastest.name)!).toFixed(2)}×), peak RSS ${dwRss.toFixed(0)} MB — **${met ? 'met' : 'not met'}**` +
      `${!met ? ` (${[dwRate < target ? 'throughput' : '', dwRss > RSS_LIMIT_MB ? 'memory' : ''].filter(Boolean).join(' and ')})` : ''}. ` +
      `With its default disk queue: ${fmt(medianRate.get(dwDisk) ?? Number.NaN)} docs/s (${((medianRate.get(dwDisk) ?? Number.NaN) / medianRate.get(fastest.name)!).toFixed(2)}×), peak RSS ${((peakRss.get(dwDisk) ?? Number.NaN) / MB).toFixed(0)} MB.`
    : 'No peer ran: the target cannot be judged.';
  console.log(verdict.replaceAll('**', ''));

  // ---- profile -------------------------------------------------------------------------------
  let profileNotes = '';
  const wantProfile = PROFILE === '1' || (PROFILE === 'auto' && !met);
  const dwWall = median(good(dw).map((r) => r.wallMs));
  if (wantProfile && BUDGET_MS - (Date.now() - began) > Math.min(RUN_TIMEOUT_MS, (dwWall || 60_000) * 1.5 + 40_000)) {
    const profDir = PROFILE_DIR ? path.resolve(PROFILE_DIR) : path.join(work, 'profile');
    mkdirSync(profDir, { recursive: true });
    const before = new Set(readdirSync(profDir));
    const r = await runOnce(tools[0]!, 0, sink, source, work, RUN_TIMEOUT_MS, [
      '--cpu-prof',
      `--cpu-prof-dir=${profDir}`,
      '--cpu-prof-interval=500',
    ]);
    rmSync(path.join(work, 'driftwood-0'), { recursive: true, force: true });
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
    if (file) {
      const p = summarizeProfile(path.join(profDir, file), repoRoot, 12);
      const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;
      console.log(`profile: ${path.join(profDir, file)} (${fmt(p.busyMs)} ms busy)`);
      for (const f of p.functions) console.log(`  ${pct(f.share).padStart(6)}  ${f.name}`);
      profileNotes = `

### Where Driftwood's time goes (\`node --cpu-prof\`, one extra run, not in the table)

${r.ok ? fmt(r.docsPerSec) : 'incomplete'} docs/s under the profiler; ${fmt(p.busyMs)} ms of sampled non-idle time on the shipper's main thread (V8 samples that thread only: GC shows as "(garbage collector)"; libuv's file-I/O threads are not sampled).

${table(
  ['self time', 'function'],
  p.functions.map((f) => [pct(f.share), `\`${f.name}\``]),
)}

By file (self time):

${table(
  ['self time', 'file'],
  p.files.slice(0, 8).map((f) => [pct(f.share), `\`${f.name}\``]),
)}

Driftwood's own functions by inclusive time (self + callees):

${table(
  ['inclusive', 'function'],
  p.inclusive.slice(0, 10).map((f) => [pct(f.share), `\`${f.name}\``]),
)}`;
    } else {
      profileNotes = `\n\nProfile run: no .cpuprofile was written (${r.exitedCleanly ? 'exited' : 'killed after 30 s'}).`;
    }
  } else if (wantProfile) {
    profileNotes = '\n\nProfile run skipped: not enough of the time budget left.';
  }

  // ---- RESULTS.md ----------------------------------------------------------------------------
  const failures = results.filter((r) => !r.ok);
  const extras = results.filter((r) => r.extra > 0);
  const peerProbes = [
    ...new Set(results.flatMap((r) => Object.entries(r.other).map(([k, v]) => `${label(r.tool)}: ${k} ×${v}`))),
  ];
  const sinkCpu = tools
    .filter((t) => good(t.name).length > 0)
    .map((t) => `${label(t.name)} ${(median(good(t.name).map((r) => r.sinkCpuMs)) / 1000).toFixed(1)} s`)
    .join(', ');
  const busy = results.filter((r) => r.otherCores > 0.3);
  const otherLoad = `median ${median(results.map((r) => r.otherCores)).toFixed(2)}, worst ${Math.max(0, ...results.map((r) => r.otherCores)).toFixed(2)}${
    busy.length > 0
      ? ` — **not idle during ${busy.map((r) => `${label(r.tool)} round ${r.round} (${r.otherCores.toFixed(2)})`).join(', ')}: treat those runs with care**`
      : ''
  }`;
  if (ONLY) console.log('BENCH_SHIPPER_TOOLS is set: bench/RESULTS.md left unchanged');
  else
    writeSection(
      'shipper',
      `## Shipper: file → \`_bulk\`, Driftwood vs rsyslog vs syslog-ng (\`bench/shipper.bench.ts\`)

${machineLine()}. ${fmt(LINES)} generated nginx \`combined\` lines (${(bytes / MB).toFixed(1)} MiB) in one file, read from the
beginning and shipped as raw-message documents to one Elasticsearch-compatible \`_bulk\` sink (a Node counter in its own
process on the same 2 cores, answering per-item \`201\`); acknowledgements on for all three. Each tool starts fresh on a
fresh copy of the file, one after another, ${ROUNDS} round(s), order rotated per round; median (min–max).
docs/s = documents ÷ time from the first to the last document received by the sink. Peak RSS = VmHWM of the shipper
process; CPU = its user + system time from start until the last document arrived.

${table(
  [
    'shipper',
    'version',
    'docs/s',
    's to last doc (from start)',
    'peak RSS MB',
    'CPU s',
    'CPU µs/doc',
    'bytes/doc sent',
    'docs/request',
    'runs',
  ],
  rows,
)}

${verdict}

- The target is judged on this run's peer figures; the peers' README quotes earlier ones (rsyslog 87–110k docs/s,
  syslog-ng 130–164k docs/s).
- Driftwood: \`file\` input (\`start_at: beginning\`) → memory queue (\`max_events: 12000\`) or disk queue (the
  default: \`fsync: batch\`, 8 MiB segments) → \`bulk\` output, \`batch_max_events: 5000\`, \`batch_max_bytes: 10 MiB\`,
  \`max_in_flight: 2\`, \`gzip: false\` (\`create\` with a deterministic \`_id\`, \`filter_path\` on the response).
  \`driftwood ship\` re-executes itself (same pid) with \`--max-semi-space-size=8 --max-old-space-size=256\` and
  \`MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=131072\` (bin/commands.ts), as any user's \`driftwood ship\` does.
- The target is judged on the memory-queue row: both peers queue in memory here too (rsyslog LinkedList, syslog-ng
  flow-control). A file input loses nothing with either queue: its checkpoint advances only on acknowledgement, so after
  a crash it re-reads; the disk queue is for sources that cannot re-read (syslog, HTTP, MQTT), and costs a write, a
  read-back and a checksum per batch.
- Peers: \`bench/peers/*.example\` unchanged but for paths and port (rsyslog: imfile inotify, LinkedList queue,
  5,000-message batches, 1 worker; syslog-ng: \`flags(flow-control)\`, \`workers(2)\`, \`batch_lines(5000)\`).
- Documents are not the same size: each tool sends its own shape (Driftwood adds \`host\`, \`agent\`, \`input\`,
  \`log.file.path\`, \`log.offset\` and an \`_id\`), see "bytes/doc sent".
- Peak RSS is the high-water mark over the whole run with the entire file present at start, so read-ahead buffering
  counts: rsyslog's in-memory action queue (\`queue.size=200000\`) fills while imfile reads ahead.
- Sink CPU per run (median): ${sinkCpu || '–'}. It shares the 2 cores with the shipper, as the peers' README figures did.
- Other load on the machine during each run (cores busy with neither the shipper nor the sink, from /proc/stat; kernel
  work such as page-cache writeback counts here):
  ${otherLoad}.
- Duplicates (documents beyond ${fmt(LINES)}): ${extras.length === 0 ? 'none in any run' : extras.map((r) => `${r.tool} round ${r.round}: ${r.extra}`).join('; ')}.
${failures.length > 0 ? `- Failed runs: ${failures.map((r) => `${r.tool} round ${r.round}: ${r.problem?.slice(0, 300)}`).join('; ')}\n` : ''}${stoppedEarly ? `- Stopped early: ${stoppedEarly}.\n` : ''}${peerProbes.length > 0 ? `- Other requests the sink saw: ${peerProbes.join(', ')}.\n` : ''}- Run: \`npm run bench -- shipper\` (\`BENCH_SHIPPER_LINES\`, \`BENCH_SHIPPER_ROUNDS\`, \`BENCH_SHIPPER_PROFILE=1\`).${profileNotes}
`,
    );
  console.log(`wrote the shipper section of bench/RESULTS.md in ${((Date.now() - began) / 1000).toFixed(0)} s`);
  if (existsSync(source)) rmSync(source, { force: true });
} finally {
  await sink?.stop();
  for (const child of [...live]) await stopProcess(child, 3000);
  rmSync(work, { recursive: true, force: true });
}
