/**
 * `driftwood up --demo`: realistic traffic through the real shipper and indexer — an nginx front
 * end (files), a Node app (winston transport → the shipper's HTTP input), an IoT fleet (MQTT) and
 * hosts and network gear sending syslog (the shipper's syslog input, TCP) — plus a one-time backfill
 * of the last 24 hours so charts have history.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppDemo } from './app.ts';
import { IotDemo } from './iot.ts';
import { NginxDemo } from './nginx.ts';
import { SyslogDemo } from './syslog.ts';

export interface DemoOptions {
  dataDir: string;
  shipperHttpUrl: string;
  mqttUrl?: string;
  /** The shipper's syslog input (`host:port`, TCP side); no syslog senders without it. */
  syslogListen?: string;
  log: (line: string) => void;
}

export interface RunningDemo {
  stop(): Promise<void>;
}

export function demoFilePaths(dataDir: string): string[] {
  return new NginxDemo(dataDir).paths;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const nginx = new NginxDemo(options.dataDir);
  const app = new AppDemo(options.shipperHttpUrl);
  const iot = options.mqttUrl ? new IotDemo(options.mqttUrl) : undefined;
  await iot?.connect();
  const syslog = options.syslogListen ? new SyslogDemo(options.syslogListen) : undefined;
  await syslog?.connect();
  const marker = path.join(options.dataDir, 'demo', 'backfilled');
  if (!existsSync(marker)) {
    const now = Date.now();
    const counts = [`nginx ${nginx.backfill(now)}`, `app ${app.backfill(now)}`];
    if (iot) counts.push(`iot ${await iot.backfill(now)}`);
    if (syslog) counts.push(`syslog ${await syslog.backfill(now)}`);
    writeFileSync(marker, `${new Date(now).toISOString()}\n`);
    options.log(`demo: backfilled the last 24 h (${counts.join(', ')} events)`);
  }
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = (async () => {
      const now = Date.now();
      nginx.tick(now);
      app.tick();
      await iot?.tick(now);
      await syslog?.tick(now);
    })().catch((error: unknown) => options.log(`demo: ${(error as Error).message}`));
  }, 1000);
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      // A publish to a broker that is already gone never completes: wait for the last tick, but not for ever.
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      await app.close();
      await iot?.close();
      await syslog?.close();
    },
  };
}
