/** A local Mosquitto for the demo's IoT fleet, when the `mosquitto` binary is installed. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
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
  // - Mosquitto keeps at most 1000 QoS 1 messages queued per subscriber by default and silently
  //   drops the rest; the backfill publishes thousands at once while the shipper (which reads one
  //   message at a time, its backpressure) is still catching up: allow a larger, still bounded, queue.
  // - Persistence: Ctrl-C reaches Mosquitto too, possibly while the shipper is still catching up;
  //   the shipper's session (`clean: false`) and the messages queued for it are saved on exit and
  //   delivered on the next start. `user`: as root, Mosquitto would switch to `mosquitto`, which
  //   cannot write the data dir.
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'max_queued_messages 200000',
      'persistence true',
      `persistence_location ${dir}${path.sep}`,
      'persistence_file mosquitto.db',
      `user ${userInfo().username}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(bin, ['-c', config], { stdio: 'ignore' });
  // Listened for from the start: the broker may be gone before stop() (killed by a signal, or
  // Ctrl-C in a terminal reaching the whole process group), and 'exit' does not fire twice.
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      running = false;
      resolve();
    }),
  );
  const stop = async () => {
    if (!running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 10_000;
  while (!(await open(port))) {
    if (!running || Date.now() > deadline) {
      await stop();
      return undefined;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `mqtt://127.0.0.1:${port}`, stop };
}
