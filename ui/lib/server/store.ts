/**
 * The one LogStore of this UI server process (server only: route handlers import it, pages and
 * components never do). Opened on first use, not at import, so `next build` never touches a
 * store; a failed open is retried on the next request.
 *
 * Selection: DRIFTWOOD_STORE, DRIFTWOOD_DATA, OPENSEARCH_URL, ELASTICSEARCH_URL (the README's
 * "Running on OpenSearch or Elasticsearch, with Kafka"); the browser never sees them.
 */
import { type LogStore, openStore, selectStore } from '@driftwood/store';

if (typeof window !== 'undefined') throw new Error('lib/server/store.ts is server-only');

interface Holder {
  promise?: Promise<LogStore>;
}

// One per process even when Next loads route modules in separate bundles.
const shared = globalThis as { __driftwoodStore?: Holder };
shared.__driftwoodStore ??= {};
const holder: Holder = shared.__driftwoodStore;

/**
 * The embedded data dir is shared through its owner (`driftwood up` / `driftwood index`) when one
 * runs; otherwise this process opens the file itself (saved searches are written, so not read-only).
 */
function open(): Promise<LogStore> {
  return openStore(selectStore());
}

export function getStore(): Promise<LogStore> {
  if (!holder.promise) {
    const p = open();
    holder.promise = p;
    p.catch(() => {
      if (holder.promise === p) holder.promise = undefined;
    });
  }
  return holder.promise;
}
