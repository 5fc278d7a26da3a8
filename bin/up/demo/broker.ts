/** A local Mosquitto for the demo's IoT fleet, when the `mosquitto` binary is installed. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';

const CANDIDATES = [process.env.MOSQUITTO_BIN, '/usr/sbin/mosquitto', '/usr/bin/mosquitto', 'mosquitto'].filter(
  (c): c is string => Boolean(c),
);

function findMosquitto(): string | undefined {
  return CANDIDATES.find((bin) => spawnSync(bin, ['-h'], { stdio: 'ignore' }).error === undefined);
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const open = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

export interface Broker {
  url: string;
  stop(): Promise<void>;
}

export async function startBroker(dataDir: string): Promise<Broker | undefined> {
  const bin = findMosquitto();
  if (!bin) return undefined;
  const dir = path.join(dataDir, 'demo', 'mosquitto');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  writeFileSync(config, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child: ChildProcess = spawn(bin, ['-c', config], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await open(port))) {
    if (child.exitCode !== null || Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
