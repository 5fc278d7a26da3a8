/**
 * Choosing and opening a store from flags and environment — the same for every command.
 *
 * The embedded store is a DuckDB file that one process owns (`driftwood up` or
 * `driftwood index`). That process publishes `<data>/driftwood.server.json` (mode 0600) with the
 * loopback URL of its store API and the token every call must carry (see remote.ts); every other
 * process (`driftwood query`, `driftwood ui`, `driftwood alerts`) of a user who may read the file
 * finds it, checks the owner is alive, and talks to it over HTTP.
 * When no one holds the data dir, a command opens the file itself (read-only if it only reads).
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { DriftwoodError, isDriftwoodError, printableText, printableUrl } from '@driftwood/core';
import type { LogStore } from './contract.ts';
import { type FastPath, PLAIN_ENV, plainPaths } from './embedded/fast-paths.ts';
import { createEmbeddedStore } from './embedded/store.ts';
import { RemoteStore, storeApiToken } from './remote.ts';

export type StoreKind = 'embedded' | 'opensearch' | 'elasticsearch';

export interface StoreSelection {
  kind: StoreKind;
  /** Data dir for the embedded store. */
  dataDir: string;
  /** Cluster URL for OpenSearch / Elasticsearch. */
  url?: string;
  indexPrefix?: string;
}

export interface StoreFlags {
  store?: string;
  data?: string;
  url?: string;
}

export const DEFAULT_DATA_DIR = './data';
export const DATABASE_FILE = 'driftwood.duckdb';
export const SERVER_FILE = 'driftwood.server.json';

/** Flags win over DRIFTWOOD_STORE / DRIFTWOOD_DATA / OPENSEARCH_URL / ELASTICSEARCH_URL. */
export function selectStore(flags: StoreFlags = {}, env: NodeJS.ProcessEnv = process.env): StoreSelection {
  const requested = flags.store ?? env.DRIFTWOOD_STORE;
  let kind: StoreKind;
  if (requested === undefined || requested === '') {
    kind = env.OPENSEARCH_URL ? 'opensearch' : env.ELASTICSEARCH_URL ? 'elasticsearch' : 'embedded';
  } else if (requested === 'embedded' || requested === 'opensearch' || requested === 'elasticsearch') {
    kind = requested;
  } else {
    throw new DriftwoodError(
      'CONFIG_INVALID',
      `unknown store "${requested}": use embedded, opensearch or elasticsearch`,
      { details: { store: requested } },
    );
  }
  const dataDir = path.resolve(/* turbopackIgnore: true */ flags.data ?? env.DRIFTWOOD_DATA ?? DEFAULT_DATA_DIR);
  if (kind === 'embedded') return { kind, dataDir };
  const url = flags.url ?? (kind === 'opensearch' ? env.OPENSEARCH_URL : env.ELASTICSEARCH_URL);
  if (!url) {
    const variable = kind === 'opensearch' ? 'OPENSEARCH_URL' : 'ELASTICSEARCH_URL';
    throw new DriftwoodError('CONFIG_INVALID', `--store ${kind} needs a URL: set ${variable} or pass --url`);
  }
  return { kind, dataDir, url, indexPrefix: env.DRIFTWOOD_INDEX_PREFIX };
}

export interface OpenOptions {
  /** The caller only reads (opens the embedded file read-only when no one owns it). */
  readOnly?: boolean;
  /** The caller is the owner: open the file for writing even if a stale server file exists. */
  owner?: boolean;
}

interface ServerInfo {
  pid: number;
  url: string;
  /** The token every store API call carries (`Authorization: Bearer …`). */
  token?: string;
  /** The fast paths the owner has turned off (DRIFTWOOD_EMBEDDED_PLAIN where it runs). */
  plain?: FastPath[];
}

/**
 * A caller that asks for the plain path (DRIFTWOOD_EMBEDDED_PLAIN) gets its answers from the owner,
 * which answers as it was started: a different setting would be ignored without a word, so it is
 * an error that says where to set it.
 */
function checkPlainMatches(server: ServerInfo): void {
  const mine = [...plainPaths(undefined)].sort();
  const theirs = [...(server.plain ?? [])].sort();
  if (mine.join() === theirs.join()) return;
  throw new DriftwoodError(
    'CONFIG_INVALID',
    `${PLAIN_ENV}=${process.env[PLAIN_ENV] ?? ''} cannot apply here: process ${server.pid} owns this data dir and answers with ${theirs.length > 0 ? `${theirs.join(',')} off` : 'every fast path on'}; set ${PLAIN_ENV} on that process (driftwood up or driftwood index), or stop it`,
    { details: { mine, owner: theirs } },
  );
}

function readServerInfo(dataDir: string): ServerInfo | undefined {
  const file = path.join(dataDir, SERVER_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
    process.kill(info.pid, 0); // throws when the process is gone
    return info;
  } catch {
    return undefined;
  }
}

/**
 * The error of opening a search-engine store, naming the engine and its URL without secrets (the
 * URL's userinfo and secret parameters, and any URL in the engine client's message, are redacted).
 * The cause is not kept: the client's error may carry the URL with its password.
 */
function openError(kind: StoreKind, url: string, error: unknown): DriftwoodError {
  const message = printableText(error instanceof Error ? error.message : String(error));
  const code = isDriftwoodError(error) ? error.code : 'STORE_UNAVAILABLE';
  const details = isDriftwoodError(error) ? error.details : {};
  return new DriftwoodError(code, `${kind} at ${printableUrl(url)}: ${message}`, {
    details: { ...details, url: printableUrl(url) },
  });
}

export async function openStore(selection: StoreSelection, options: OpenOptions = {}): Promise<LogStore> {
  if (selection.kind === 'opensearch' || selection.kind === 'elasticsearch') {
    const engines = await import('./opensearch-elasticsearch/index.ts');
    const create = selection.kind === 'opensearch' ? engines.createOpenSearchStore : engines.createElasticsearchStore;
    const url = selection.url as string;
    try {
      const store = create({ url, indexPrefix: selection.indexPrefix });
      await store.init();
      return store;
    } catch (error) {
      throw openError(selection.kind, url, error);
    }
  }
  if (!options.owner) {
    const server = readServerInfo(selection.dataDir);
    if (server && server.pid !== process.pid) {
      checkPlainMatches(server);
      const remote = new RemoteStore(server.url, server.token === undefined ? {} : { token: server.token });
      await remote.init();
      return remote;
    }
  }
  if (!options.readOnly) ensurePrivateDataDir(selection.dataDir);
  const file = path.join(selection.dataDir, DATABASE_FILE);
  if (options.readOnly && !existsSync(file)) {
    throw new DriftwoodError(
      'STORE_UNAVAILABLE',
      `no data yet in ${selection.dataDir} (start Driftwood with \`driftwood up\`)`,
    );
  }
  return await createEmbeddedStore({ path: file, readOnly: options.readOnly });
}

/**
 * Creates the data dir readable by its owner only (0700), and takes group and other access away
 * from an existing one this user owns: the database, its ingest log, the shipper's queue and the
 * security saved objects (password, key and session hashes) live there, and DuckDB creates its
 * files with the process umask (0644 under the usual 022).
 */
export function ensurePrivateDataDir(dir: string): void {
  mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = statSync(dir);
  if ((stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.()) chmodSync(dir, stat.mode & 0o700);
}

export interface PublishOptions {
  /** The store API token to publish (default: this process's `storeApiToken()`, which the handler checks). */
  token?: string;
}

/**
 * The owner of an embedded data dir announces where its store API listens and the token it takes,
 * in a file only its user can read (0600: created so, and an existing file is made so before the
 * token is written). Returns the function that removes the file again.
 */
export function publishStoreServer(dataDir: string, url: string, options: PublishOptions = {}): () => void {
  const file = path.join(dataDir, SERVER_FILE);
  const plain = [...plainPaths(undefined)];
  const token = options.token ?? storeApiToken();
  const text = `${JSON.stringify({ pid: process.pid, url, token, ...(plain.length > 0 ? { plain } : {}) })}\n`;
  const fd = openSync(file, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return () => {
    try {
      const info = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
      if (info.pid === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}
