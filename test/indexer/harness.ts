/** Test helpers: an indexer over an embedded in-memory store (optionally wrapped in a FaultyStore). */
import { createEmbeddedStore, type LogStore } from '@driftwood/store';
import { type IndexerConfigInput, parseConfig } from '../../indexer/src/config.ts';
import { type RunningIndexer, startIndexer } from '../../indexer/src/server.ts';
import { FaultyStore } from '../../indexer/src/testdata/faulty-store.ts';

export interface Harness {
  url: string;
  indexer: RunningIndexer;
  store: LogStore;
  faulty: FaultyStore;
  close(): Promise<void>;
}

export async function startHarness(config: IndexerConfigInput = {}, listen = '127.0.0.1:0'): Promise<Harness> {
  const store = await createEmbeddedStore({ path: ':memory:' });
  const faulty = new FaultyStore(store);
  const indexer = await startIndexer({ config: parseConfig(config), store: faulty, listen });
  return {
    url: indexer.url,
    indexer,
    store,
    faulty,
    async close() {
      await indexer.close();
      await store.close();
    },
  };
}

export const ndjson = (lines: unknown[]) =>
  `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;

export async function postBulk(
  url: string,
  body: string | Buffer,
  path = '/_bulk',
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { 'content-type': 'application/x-ndjson', ...headers },
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read Elasticsearch-shaped JSON by path
  const json: any = text === '' ? undefined : JSON.parse(text);
  return { status: res.status, headers: res.headers, body: json };
}

/** Item statuses of a bulk answer. */
export const statuses = (body: { items: Array<Record<string, { status: number }>> }) =>
  body.items.map((i) => (Object.values(i)[0] as { status: number }).status);
