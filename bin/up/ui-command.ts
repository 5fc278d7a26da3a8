/**
 * `driftwood ui [--host H] [--port P] [--store …] [--data DIR] [--url URL] [--cert FILE --key FILE]` —
 * the web UI alone (over HTTPS with a certificate: the flags or DRIFTWOOD_TLS_CERT / DRIFTWOOD_TLS_KEY).
 * Its server routes open the store the same way every command does (for the embedded store, they
 * talk to the process that owns the data dir).
 */
import { parseArgs } from 'node:util';
import { openStore, selectStore } from '@driftwood/store';
import { dashboardDirs, type Provisioning, provisionDashboards } from '@driftwood/store/dashboards';
import { REPOSITORY_DASHBOARDS } from './dashboards.ts';
import { ensureFirstAdmin, loginLines } from './first-run.ts';
import { type TlsConfig, tlsConfig } from './tls-proxy.ts';
import { buildUi, startUi, uiBuilt } from './ui-process.ts';

export const USAGE = `usage: driftwood ui [--host 127.0.0.1] [--port 5601] [--store …] [--data DIR] [--url URL]
       [--cert FILE --key FILE]
  run the web UI; with a PEM certificate and key (or DRIFTWOOD_TLS_CERT / DRIFTWOOD_TLS_KEY) over HTTPS
`;

export async function run(args: string[]): Promise<number> {
  let values: {
    host?: string;
    port?: string;
    store?: string;
    data?: string;
    url?: string;
    cert?: string;
    key?: string;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '5601' },
        store: { type: 'string' },
        data: { type: 'string' },
        url: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`driftwood ui: ${(error as Error).message}\n`);
    return 2;
  }
  let tls: TlsConfig | undefined;
  try {
    tls = tlsConfig({ cert: values.cert, key: values.key });
  } catch (error) {
    process.stderr.write(`driftwood ui: ${(error as Error).message}\n`);
    return 2;
  }
  const selection = selectStore({ store: values.store, data: values.data, url: values.url });
  const env: NodeJS.ProcessEnv = { DRIFTWOOD_DATA: selection.dataDir, DRIFTWOOD_STORE: selection.kind };
  if (selection.kind === 'opensearch') env.OPENSEARCH_URL = selection.url;
  if (selection.kind === 'elasticsearch') env.ELASTICSEARCH_URL = selection.url;
  // first run: an admin to log in with (through the data dir's owner when there is one)
  let firstRun: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  try {
    const store = await openStore(selection);
    firstRun = await ensureFirstAdmin(store, selection.dataDir).finally(() => store.close());
  } catch (error) {
    process.stderr.write(`driftwood ui: ${(error as Error).message}\n`);
    return 1;
  }
  // the Next server opens the store itself: each load opens it briefly and closes it
  let dashboards: Provisioning;
  try {
    dashboards = await provisionDashboards(
      async (use) => {
        const store = await openStore(selection);
        return await use(store).finally(() => store.close());
      },
      dashboardDirs(REPOSITORY_DASHBOARDS),
      { log: (line) => process.stderr.write(`${line}\n`) },
    );
  } catch (error) {
    process.stderr.write(`driftwood ui: dashboards: ${(error as Error).message}\n`);
    return 1;
  }
  if (!uiBuilt()) buildUi((line) => process.stderr.write(`${line}\n`));
  const ui = await startUi({ host: values.host ?? '127.0.0.1', port: Number(values.port), env, tls: tls ?? null });
  process.stdout.write(`Driftwood UI: ${ui.url}/discover\n${loginLines(firstRun, `${ui.url}/login`).join('\n')}\n`);
  const stop = () => void ui.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await ui.exited;
  dashboards.stop();
  return code ?? 0;
}
