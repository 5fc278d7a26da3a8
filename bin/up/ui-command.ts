/**
 * `driftwood ui [--host H] [--port P] [--store …] [--data DIR] [--url URL]` — the web UI alone.
 * Its server routes open the store the same way every command does (for the embedded store, they
 * talk to the process that owns the data dir).
 */
import { parseArgs } from 'node:util';
import { openStore, selectStore } from '@driftwood/store';
import { ensureFirstAdmin, loginLines } from './first-run.ts';
import { buildUi, startUi, uiBuilt } from './ui-process.ts';

export async function run(args: string[]): Promise<number> {
  let values: { host?: string; port?: string; store?: string; data?: string; url?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '5601' },
        store: { type: 'string' },
        data: { type: 'string' },
        url: { type: 'string' },
      },
    }));
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
  if (!uiBuilt()) buildUi((line) => process.stderr.write(`${line}\n`));
  const ui = await startUi({ host: values.host ?? '127.0.0.1', port: Number(values.port), env });
  process.stdout.write(`Driftwood UI: ${ui.url}/discover\n${loginLines(firstRun, `${ui.url}/login`).join('\n')}\n`);
  const stop = () => void ui.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await ui.exited;
  return code ?? 0;
}
