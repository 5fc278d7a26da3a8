/**
 * What `driftwood up` collects on a fresh machine: readable logs under /var/log, syslog over UDP
 * and TCP, and events POSTed to the HTTP input — all through the real shipper into the indexer.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

export interface CollectOptions {
  dataDir: string;
  indexerUrl: string;
  syslogListen: string;
  httpListen: string;
  /** Extra file globs (the demo's log files). */
  extraPaths?: string[];
  /** MQTT broker for the demo's IoT fleet. */
  mqttUrl?: string;
  /** Override the default /var/log globs (DRIFTWOOD_COLLECT_PATHS, comma separated; empty = none). */
  paths?: string[];
  /** `id:key` for an indexer that requires one (listening beyond loopback). */
  apiKey?: string;
}

export const DEFAULT_LOG_PATHS = ['/var/log/*.log', '/var/log/syslog', '/var/log/messages'];

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The default globs that match at least one readable file right now (others are left out). */
export function readableDefaultPaths(globs = DEFAULT_LOG_PATHS): string[] {
  return globs.filter((glob) => {
    const dir = path.dirname(glob);
    const base = path.basename(glob);
    if (!base.includes('*')) return readable(glob);
    const re = new RegExp(`^${base.replaceAll('.', '\\.').replaceAll('*', '.*')}$`);
    try {
      return readdirSync(dir).some((f) => re.test(f) && readable(path.join(dir, f)));
    } catch {
      return false;
    }
  });
}

export function shipperConfig(options: CollectOptions): Record<string, unknown> {
  const filePaths = [...(options.paths ?? readableDefaultPaths()), ...(options.extraPaths ?? [])];
  const inputs: Array<Record<string, unknown>> = [];
  if (filePaths.length > 0) {
    inputs.push({ type: 'file', id: 'files', paths: filePaths, exclude: ['*.gz'], start_at: 'beginning' });
  }
  inputs.push({ type: 'syslog', id: 'syslog-udp', protocol: 'udp', listen: options.syslogListen });
  inputs.push({ type: 'syslog', id: 'syslog-tcp', protocol: 'tcp', listen: options.syslogListen });
  inputs.push({ type: 'http', id: 'http', listen: options.httpListen });
  if (options.mqttUrl) {
    inputs.push({
      type: 'mqtt',
      id: 'iot',
      url: options.mqttUrl,
      topics: ['devices/+/telemetry', 'devices/+/events'],
      qos: 1,
      client_id: 'driftwood-up',
      clean: false,
      device_id_from_topic: 1,
    });
  }
  return {
    inputs,
    queue: { type: 'disk', path: 'queue' },
    output: {
      type: 'bulk',
      url: options.indexerUrl,
      index: 'logs-driftwood',
      ...(options.apiKey !== undefined ? { api_key: options.apiKey } : {}),
    },
  };
}
