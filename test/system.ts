/**
 * What some tests need from the machine beyond `npm ci`: Chromium (browser tests), Mosquitto
 * (MQTT), rsyslog and syslog-ng (the `_bulk` peers), the Loghub samples. `scripts/test.sh`
 * installs the packages on Debian/Ubuntu as root; elsewhere a test that needs a missing one is
 * skipped with one line saying why, and under CI=true a missing one is a failure.
 *
 *   const chromium = findChromium();
 *   describe.skipIf(skipWithout('the Discover browser tests', chromium))('Discover', () => …);
 */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

export const IS_CI = process.env.CI === 'true' || process.env.CI === '1';

/** The one line that installs every system package the tests use (Debian/Ubuntu). */
export const INSTALL_LINE =
  'apt-get install -y --no-install-recommends chromium mosquitto rsyslog rsyslog-elasticsearch default-jdk-headless maven';

export type Found = { ok: true; path: string } | { ok: false; reason: string };

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The first executable named `name` on PATH. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/**
 * The Chromium to drive: DRIFTWOOD_CHROMIUM when set (and then only that one, so
 * `DRIFTWOOD_CHROMIUM=/nonexistent` shows what a machine without Chromium does), else
 * /usr/bin/chromium or a `chromium` / `chromium-browser` on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): Found {
  const chosen = env.DRIFTWOOD_CHROMIUM;
  if (chosen) {
    return executable(chosen)
      ? { ok: true, path: chosen }
      : { ok: false, reason: `DRIFTWOOD_CHROMIUM=${chosen} is not an executable file` };
  }
  const found = ['/usr/bin/chromium'].find(executable) ?? onPath('chromium') ?? onPath('chromium-browser');
  return found
    ? { ok: true, path: found }
    : { ok: false, reason: 'Chromium is not installed (apt-get install chromium, or set DRIFTWOOD_CHROMIUM)' };
}

/** The mosquitto broker binary (MOSQUITTO_BIN, else the Debian package's). */
export function findMosquitto(env: NodeJS.ProcessEnv = process.env): Found {
  const candidates = env.MOSQUITTO_BIN ? [env.MOSQUITTO_BIN] : ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'];
  const found = candidates.find(executable);
  return found
    ? { ok: true, path: found }
    : { ok: false, reason: `mosquitto is not installed (apt-get install mosquitto)` };
}

/** A folder the tests read (e.g. a corpus), present or not. */
export function findDir(dir: string, hint: string): Found {
  return existsSync(dir) ? { ok: true, path: dir } : { ok: false, reason: `${dir} is absent (${hint})` };
}

/**
 * True when the tests of `what` must be skipped for want of `found` (after printing one line
 * saying so). Under CI=true a missing requirement throws instead: CI has everything installed.
 */
export function skipWithout(what: string, ...found: Found[]): boolean {
  const missing = found.filter((f): f is { ok: false; reason: string } => !f.ok);
  if (missing.length === 0) return false;
  const reasons = missing.map((m) => m.reason).join('; ');
  if (IS_CI) throw new Error(`CI=true, and ${what} need what is missing here: ${reasons}`);
  console.log(`skipping ${what}: ${reasons}`);
  return true;
}

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Loghub's 2,000-line samples of ten systems (https://github.com/logpai/loghub, free for research
 * use, so not part of this repository): DRIFTWOOD_LOGHUB, else `shared/corpora/loghub` in the
 * folder that holds this checkout. One folder per system with `<System>_2k.log` and Loghub's
 * `<System>_2k.log_structured.csv`.
 */
export function findLoghub(env: NodeJS.ProcessEnv = process.env): Found {
  const dir = env.DRIFTWOOD_LOGHUB ?? path.resolve(REPO_ROOT, '..', 'shared', 'corpora', 'loghub');
  return findDir(dir, 'the Loghub 2k samples; set DRIFTWOOD_LOGHUB to their folder');
}
