/**
 * `driftwood up [--store embedded|opensearch|elasticsearch] [--data DIR] [--demo]` — everything in
 * one process tree: the indexer (which owns the store and serves it to the others on loopback),
 * alerting, a local shipper, and the UI (`next start`, a child process).
 * Ctrl-C stops the inputs first, lets the shipper drain into the indexer, then stops the rest.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAlerting } from '@driftwood/alerting';
import { isDriftwoodError, printableUrl } from '@driftwood/core';
import { parseConfig as parseIndexerConfig, startIndexer } from '@driftwood/indexer';
import { Agent, parseConfig as parseShipperConfig } from '@driftwood/shipper';
import {
  createStoreHandler,
  ensurePrivateDataDir,
  type LogStore,
  openStore,
  publishStoreServer,
  selectStore,
} from '@driftwood/store';
import { dashboardDirs, provisionDashboards } from '@driftwood/store/dashboards';
import { createLogger } from '@driftwood/telemetry';
import { shipperConfig } from './collect.ts';
import { REPOSITORY_DASHBOARDS } from './dashboards.ts';
import { type Broker, startBroker } from './demo/broker.ts';
import { demoFilePaths, type RunningDemo, startDemo } from './demo/index.ts';
import { ensureFirstAdmin, loginLines } from './first-run.ts';
import { localShipperKey } from './shipper-key.ts';
import { tlsConfig } from './tls-proxy.ts';
import { buildUi, startUi, type UiProcess, uiBuilt } from './ui-process.ts';

export const USAGE = `usage: driftwood up [--store embedded|opensearch|elasticsearch] [--data DIR] [--url URL] [--demo]
       [--host 127.0.0.1] [--ui-port 5601] [--indexer-port 9280] [--http-port 9281] [--syslog-port 5514] [--no-ui]
       [--retention-days N]
`;

/** `HH:MM:SS line` on stderr: telemetry's loggers in their terminal format, one per service. */
const upLog = createLogger({ service: 'up', format: 'pretty' });
const log = (line: string) => upLog.info(line);

const isLoopback = (address: string | undefined) =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

export async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        store: { type: 'string' },
        data: { type: 'string' },
        url: { type: 'string' },
        demo: { type: 'boolean', default: false },
        host: { type: 'string', default: '127.0.0.1' },
        'ui-port': { type: 'string', default: '5601' },
        'indexer-port': { type: 'string', default: '9280' },
        'http-port': { type: 'string', default: '9281' },
        'syslog-port': { type: 'string', default: '5514' },
        'no-ui': { type: 'boolean', default: false },
        'retention-days': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`driftwood up: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const host = String(values.host);
  const stops: Array<[string, () => Promise<void> | void]> = [];
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    for (const [name, stop] of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`stopping ${name}: ${(error as Error).message}`);
      }
    }
  };
  let interrupted: () => void = () => {};
  const interruptedP = new Promise<void>((resolve) => {
    interrupted = resolve;
  });
  /** Run as soon as a signal arrives, before the ordered stop. */
  const earlyStops: Array<() => void> = [];
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      log(`second ${signal}: exiting now`);
      process.exit(130);
    }
    log(`${signal}: stopping (the shipper drains what it has read)…`);
    for (const early of earlyStops) early();
    interrupted();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const selection = selectStore({
      store: values.store as string | undefined,
      data: values.data as string | undefined,
      url: values.url as string | undefined,
    });
    ensurePrivateDataDir(selection.dataDir);
    if (!values['no-ui'] && !uiBuilt()) buildUi(log);

    const store: LogStore = await openStore(selection, { owner: true });
    stops.push(['store', () => store.close()]);
    const firstRun = await ensureFirstAdmin(store, selection.dataDir);
    const dashboards = await provisionDashboards(store, dashboardDirs(REPOSITORY_DASHBOARDS), { log });
    stops.push(['dashboards', () => dashboards.stop()]);
    const storeApi = createStoreHandler(store);
    const indexer = await startIndexer({
      config: parseIndexerConfig({
        listen: `${host}:${values['indexer-port']}`,
        ...(values['retention-days'] ? { retention: { days: Number(values['retention-days']) } } : {}),
      }),
      store,
      storeHandler: (req, res) => (isLoopback(req.socket.remoteAddress) ? storeApi(req, res) : Promise.resolve(false)),
      log: createLogger({ service: 'indexer', format: 'pretty' }),
    });
    stops.push(['indexer', () => indexer.close()]);
    const storeUrl = indexer.url.replace('0.0.0.0', '127.0.0.1');
    // Beyond loopback the indexer requires a key: up's own shipper gets one for this run.
    const shipperKey = indexer.authMode === 'required' ? await localShipperKey(store) : undefined;
    if (shipperKey) stops.push(['shipper key', () => shipperKey.revoke()]);
    if (selection.kind === 'embedded') stops.push(['data dir', publishStoreServer(selection.dataDir, storeUrl)]);

    // HTTPS when DRIFTWOOD_TLS_CERT / DRIFTWOOD_TLS_KEY are set (startUi reads them too)
    const uiScheme = tlsConfig({}) ? 'https' : 'http';
    const uiUrl = `${uiScheme}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${values['ui-port']}`;
    const alerting = startAlerting({
      store,
      publicUrl: uiUrl,
      log: createLogger({ service: 'alerting', format: 'pretty', level: 'warn' }),
    });
    stops.push(['alerting', () => alerting.stop()]);

    let broker: Broker | undefined;
    if (values.demo) {
      broker = await startBroker(selection.dataDir);
      if (broker) stops.push(['demo broker', () => broker?.stop()]);
      else log('demo: mosquitto is not installed; the IoT fleet is left out (apt-get install mosquitto)');
    }
    const httpListen = `${host}:${values['http-port']}`;
    const syslogListen = `${host}:${values['syslog-port']}`;
    const collectPaths = process.env.DRIFTWOOD_COLLECT_PATHS;
    const config = parseShipperConfig(
      JSON.stringify(
        shipperConfig({
          dataDir: selection.dataDir,
          indexerUrl: storeUrl,
          ...(shipperKey ? { apiKey: shipperKey.apiKey } : {}),
          syslogListen,
          httpListen,
          extraPaths: values.demo ? demoFilePaths(selection.dataDir) : [],
          mqttUrl: broker?.url,
          ...(collectPaths !== undefined ? { paths: collectPaths.split(',').filter(Boolean) } : {}),
        }),
      ),
      'driftwood up (generated shipper config)',
    );
    const agent = new Agent({
      config,
      dataDir: path.join(selection.dataDir, 'shipper'),
      log: createLogger({ service: 'shipper', format: 'pretty', level: 'warn' }),
    });
    await agent.start();
    stops.push(['shipper', () => agent.stop()]);
    // Ctrl-C in a terminal reaches the demo broker too: the MQTT input stops at once rather than
    // reconnecting to it while the UI and the demo stop (its unacknowledged messages stay queued
    // in the broker's persistent session for the next start).
    earlyStops.push(() => {
      agent.stopInputs('mqtt').catch((error: unknown) => log(`stopping the MQTT input: ${(error as Error).message}`));
    });

    let demo: RunningDemo | undefined;
    if (values.demo) {
      demo = await startDemo({
        dataDir: selection.dataDir,
        shipperHttpUrl: `http://${httpListen.replace('0.0.0.0', '127.0.0.1')}/`,
        mqttUrl: broker?.url,
        syslogListen,
        log,
      });
      stops.push(['demo', () => demo?.stop()]);
    }

    let ui: UiProcess | undefined;
    if (!values['no-ui']) {
      const env: NodeJS.ProcessEnv = { DRIFTWOOD_DATA: selection.dataDir, DRIFTWOOD_STORE: selection.kind };
      if (selection.kind === 'opensearch') env.OPENSEARCH_URL = selection.url;
      if (selection.kind === 'elasticsearch') env.ELASTICSEARCH_URL = selection.url;
      ui = await startUi({ host, port: Number(values['ui-port']), env });
      stops.push(['ui', () => ui?.stop()]);
    }

    const where =
      selection.kind === 'embedded'
        ? `embedded store in ${selection.dataDir}`
        : `${selection.kind} at ${printableUrl(selection.url ?? '')}`;
    const files = config.inputs
      .filter((i) => i.type === 'file')
      .flatMap((i) => (i as { paths?: string[] }).paths ?? []);
    process.stdout.write(
      `${[
        '',
        `Driftwood is up (${where}).`,
        ui ? `  UI:        ${ui.url}/discover` : '  UI:        off (--no-ui)',
        ...loginLines(firstRun, ui ? `${ui.url}/login` : undefined),
        `  Indexer:   ${indexer.url}  (Elasticsearch-compatible _bulk, /ingest, /metrics)`,
        `  Collecting: files ${files.length > 0 ? files.join(', ') : '(none readable)'}`,
        `              syslog udp+tcp ${syslogListen}, HTTP ${httpListen}${broker ? `, MQTT ${broker.url}` : ''}`,
        values.demo ? '  Demo:      nginx, a winston app and an IoT fleet are producing logs' : '',
        'Ctrl-C stops everything.',
        '',
      ]
        .filter((l) => l !== '')
        .join('\n')}\n`,
    );
    const uiExit = ui ? ui.exited : new Promise<void>(() => {});
    const why = await Promise.race([interruptedP.then(() => 'signal' as const), uiExit.then(() => 'ui' as const)]);
    // Ctrl-C in a terminal signals the whole process group, so the UI may exit a moment before our handler runs.
    if (why === 'ui') await new Promise((r) => setTimeout(r, 500));
    const uiDied = why === 'ui' && signals === 0;
    if (uiDied) log('the UI process exited; stopping everything');
    await stopAll();
    return uiDied ? 1 : 0;
  } catch (error) {
    log(`driftwood up: ${isDriftwoodError(error) ? error.message : ((error as Error).stack ?? String(error))}`);
    await stopAll();
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
