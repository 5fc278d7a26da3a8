/**
 * For tests of the API routes (not imported by the app): a real embedded store in a temporary data
 * dir, opened the way the UI server opens it (from DRIFTWOOD_STORE / DRIFTWOOD_DATA), users with
 * the roles a test names, and route handlers called with a Request as Next.js calls them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUDIT_DATASET } from '@driftwood/core';
import type { LogStore } from '@driftwood/store';
import { afterAll, beforeAll } from 'vitest';
import { getSecurity } from '../security.ts';
import { getStore } from '../store.ts';

export type Credentials = Record<string, string>;

/** The `authorization` header of HTTP Basic credentials. */
export function basic(user: string, password: string): Credentials {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

// biome-ignore lint/suspicious/noExplicitAny: route handlers of either params shape
type RouteHandler = (request: Request, context?: { params: Promise<any> }) => Promise<Response>;

export interface CallOptions {
  /** A JSON body (sent as application/json). */
  body?: unknown;
  /** The credentials; the caller's default when absent. */
  as?: Credentials;
  /** The `[id]` segment of the route. */
  id?: string;
}

/** A function calling a route handler at `http://localhost:3000{route}` as `defaultAs`. */
export function routeCaller(defaultAs: Credentials) {
  return (handler: RouteHandler, method: string, route: string, options: CallOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...(options.as ?? defaultAs) };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const request = new Request(`http://localhost:3000${route}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return handler(request, options.id !== undefined ? { params: Promise.resolve({ id: options.id }) } : undefined);
  };
}

/** The fields of an audit event the route tests read. */
export interface AuditDoc {
  event: { action: string; outcome: string };
  user: { name: string };
  driftwood: { audit: { target?: string; details?: string } };
}

export interface RouteTestStore {
  /** The store the routes use (set once beforeAll ran). */
  readonly store: LogStore;
  /** The audit events matching the KQL `query`, oldest first. */
  audit(query: string): Promise<AuditDoc[]>;
}

/**
 * Registers beforeAll / afterAll for a describe block: a fresh embedded store in a temporary dir
 * (named after `name`) with the given users, and its removal afterwards.
 */
export function useRouteTestStore(
  name: string,
  users: Array<{ username: string; password: string; roles: string[] }>,
): RouteTestStore {
  let dir: string | undefined;
  let store: LogStore | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `driftwood-${name}-`));
    // the routes open the store of their process from the environment, as the UI server does
    process.env.DRIFTWOOD_STORE = 'embedded';
    process.env.DRIFTWOOD_DATA = dir;
    store = await getStore();
    const security = await getSecurity();
    for (const user of users) await security.addUser(user);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const opened = (): LogStore => {
    if (!store) throw new Error('the route test store is opened in beforeAll');
    return store;
  };
  return {
    get store() {
      return opened();
    },
    async audit(query: string): Promise<AuditDoc[]> {
      const s = opened();
      await s.flush();
      const { hits } = await s.search({
        query: `event.dataset:"${AUDIT_DATASET}" and (${query})`,
        sort: [{ field: '@timestamp', order: 'asc' }],
        size: 100,
      });
      return hits.map((h) => h.doc as unknown as AuditDoc);
    },
  };
}
