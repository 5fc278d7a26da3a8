/** A real Mosquitto MQTT broker (Debian package), or the one MQTT_URL names. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, makeTempDir, startProcess, stopIfNotReady, stopProcess, waitUntilReady } from './process.ts';
import type { RunningEngine } from './types.ts';

const MOSQUITTO = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';

async function mosquittoVersion(): Promise<string> {
  // `mosquitto -h` prints "mosquitto version 2.0.11" and exits non-zero.
  const result = await promisify(execFile)(MOSQUITTO, ['-h']).catch((e: { stdout?: string }) => e);
  return /mosquitto version (\S+)/.exec(String(result.stdout ?? ''))?.[1] ?? 'unknown';
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export async function startMosquitto(): Promise<RunningEngine> {
  const external = process.env.MQTT_URL;
  if (external) {
    return { name: 'mosquitto', url: external, version: 'external', logFile: '', external: true, stop: async () => {} };
  }
  const dir = await makeTempDir('mosquitto');
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'log_dest stdout',
      'log_type all',
      '',
    ].join('\n'),
  );
  const proc = startProcess(MOSQUITTO, ['-c', config], { cwd: dir, logFile: path.join(dir, `mosquitto-${port}.log`) });
  const version = await stopIfNotReady(proc, dir, async () => {
    await waitUntilReady('Mosquitto', proc, async () => ((await tcpOpen(port)) ? true : undefined), 30_000);
    return await mosquittoVersion();
  });
  return {
    name: 'mosquitto',
    url: `mqtt://127.0.0.1:${port}`,
    version,
    logFile: proc.logFile,
    external: false,
    stop: () => stopProcess(proc, dir, 5_000),
  };
}
