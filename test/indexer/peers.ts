/**
 * Real third-party shippers for the `_bulk` compatibility tests: rsyslog (omelasticsearch, an
 * installed Debian package) and syslog-ng (elasticsearch-http; its Debian packages are unpacked
 * into .tools/peers/syslog-ng once: the package conflicts with rsyslog's, so it is not installed).
 * Their configs are the project's own: bench/peers/*.conf.example.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Found } from '../system.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The peers' example configs (only paths and port are replaced before use). */
export const PEERS_DIR = path.join(repoRoot, 'bench/peers');
const SYSLOG_NG_ROOT = path.join(repoRoot, '.tools/peers/syslog-ng');
const SYSLOG_NG_DEBS = ['syslog-ng-core', 'syslog-ng-mod-http', 'syslog-ng-scl', 'libivykis0', 'libnet1', 'libpcre3'];

export type { Found } from '../system.ts';

export function findRsyslog(): Found {
  for (const p of ['/usr/sbin/rsyslogd', '/sbin/rsyslogd']) {
    if (existsSync(p)) {
      const mod = ['/usr/lib/x86_64-linux-gnu/rsyslog/omelasticsearch.so', '/usr/lib/rsyslog/omelasticsearch.so'];
      if (!mod.some(existsSync))
        return { ok: false, reason: 'rsyslog-elasticsearch (omelasticsearch) is not installed' };
      return { ok: true, path: p };
    }
  }
  return { ok: false, reason: 'rsyslogd is not installed (apt-get install rsyslog rsyslog-elasticsearch)' };
}

const syslogNgBinary = (root: string) => path.join(root, 'usr/sbin/syslog-ng');

/** The unpacked syslog-ng root, downloading and unpacking the debs on first use. */
export function ensureSyslogNg(): Found {
  if (existsSync(syslogNgBinary(SYSLOG_NG_ROOT))) return { ok: true, path: SYSLOG_NG_ROOT };
  const work = mkdtempSync(path.join(tmpdir(), 'syslog-ng-debs-'));
  try {
    execFileSync('apt-get', ['download', ...SYSLOG_NG_DEBS], { cwd: work, stdio: 'pipe', timeout: 120_000 });
    const staging = `${SYSLOG_NG_ROOT}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const deb of readdirSync(work).filter((f) => f.endsWith('.deb'))) {
      execFileSync('dpkg', ['-x', path.join(work, deb), staging], { stdio: 'pipe' });
    }
    if (!existsSync(syslogNgBinary(staging))) return { ok: false, reason: 'unpacked debs hold no usr/sbin/syslog-ng' };
    rmSync(SYSLOG_NG_ROOT, { recursive: true, force: true });
    execFileSync('mv', [staging, SYSLOG_NG_ROOT]);
    return { ok: true, path: SYSLOG_NG_ROOT };
  } catch (error) {
    const msg = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop() ?? (error as Error).message;
    return { ok: false, reason: `cannot fetch syslog-ng debs with apt-get download: ${msg}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function startSyslogNg(root: string, config: string, cwd: string): ChildProcess {
  const lib = [
    path.join(root, 'usr/lib/syslog-ng'),
    path.join(root, 'usr/lib/x86_64-linux-gnu'),
    path.join(root, 'lib/x86_64-linux-gnu'),
  ].join(':');
  const moduleDir = readdirSync(path.join(root, 'usr/lib/syslog-ng')).find((d) => /^\d+\.\d+$/.test(d)) ?? '3.38';
  return spawn(
    syslogNgBinary(root),
    [
      '-F',
      '-e',
      '--no-caps',
      `--module-path=${path.join(root, 'usr/lib/syslog-ng', moduleDir)}`,
      '-f',
      config,
      '-R',
      'persist',
      '-c',
      'ctl',
      '-p',
      'pid',
    ],
    { cwd, env: { ...process.env, LD_LIBRARY_PATH: lib }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Stop a child we started, by its pid. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
