/**
 * `/api/alerts/...` over node:http, for the UI to proxy to (or mount in its own server):
 *
 *   GET    /api/alerts/rules                      list rules with state
 *   POST   /api/alerts/rules                      create (body: rule)            → 201
 *   POST   /api/alerts/preview                    preview an unsaved rule (body: rule)
 *   GET    /api/alerts/rules/:id                  one rule with state
 *   PUT    /api/alerts/rules/:id                  replace (body: rule)
 *   PATCH  /api/alerts/rules/:id                  merge (body: partial; null removes a key)
 *   DELETE /api/alerts/rules/:id                                                  → 204
 *   GET    /api/alerts/rules/:id/preview          the last 24 h (?range=6h&now=ISO)
 *   GET    /api/alerts/rules/:id/history          newest first (?limit=50&kind=evaluation|notification)
 *   GET    /api/alerts/rules/:id/notifications    newest first (?limit=50)
 *
 * Errors: `{ error: { code, message, details } }` with 400 (INPUT_INVALID, KQL_SYNTAX), 404, 405,
 * 413 (body over 1 MB), 500. The handler resolves to false for paths it does not own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DriftwoodError, isDriftwoodError, parseInterval, parseTime } from '@driftwood/core';
import type { LogStore } from '@driftwood/store';
import * as api from './api.ts';

export const ALERTS_API_PREFIX = '/api/alerts';
const MAX_BODY = 1 << 20;

export type AlertsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function createAlertsHandler(options: { store: LogStore; prefix?: string }): AlertsHandler {
  const prefix = (options.prefix ?? ALERTS_API_PREFIX).replace(/\/+$/, '');
  const store = options.store;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false;
    const parts = url.pathname
      .slice(prefix.length)
      .split('/')
      .filter(Boolean)
      .map((p) => decodeURIComponent(p));
    const method = req.method ?? 'GET';
    try {
      const [head, id, sub, ...rest] = parts;
      if (head === 'preview' && id === undefined) {
        allow(method, ['POST']);
        return send(
          res,
          200,
          await api.previewRule(store, (await readJson(req)) as Record<string, unknown>, previewOptions(url)),
        );
      }
      if (head !== 'rules' || rest.length > 0) throw new DriftwoodError('NOT_FOUND', `no such route ${url.pathname}`);
      if (id === undefined) {
        allow(method, ['GET', 'POST']);
        if (method === 'GET') return send(res, 200, await api.listRules(store));
        return send(res, 201, await api.createRule(store, await readJson(req)));
      }
      if (sub === undefined) {
        allow(method, ['GET', 'PUT', 'PATCH', 'DELETE']);
        if (method === 'GET') return send(res, 200, await api.getRule(store, id));
        if (method === 'PUT') return send(res, 200, await api.replaceRule(store, id, await readJson(req)));
        if (method === 'PATCH') return send(res, 200, await api.updateRule(store, id, await readJson(req)));
        await api.deleteRule(store, id);
        res.writeHead(204).end();
        return true;
      }
      allow(method, ['GET']);
      const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : undefined;
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0))
        throw new DriftwoodError('INPUT_INVALID', 'limit must be a whole number');
      if (sub === 'preview') return send(res, 200, await api.previewRule(store, id, previewOptions(url)));
      if (sub === 'history') {
        const kind = url.searchParams.get('kind');
        if (kind !== null && kind !== 'evaluation' && kind !== 'notification')
          throw new DriftwoodError('INPUT_INVALID', 'kind must be evaluation or notification');
        return send(res, 200, await api.getHistory(store, id, { limit, kind: kind ?? undefined }));
      }
      if (sub === 'notifications') return send(res, 200, await api.listNotifications(store, id, { limit }));
      throw new DriftwoodError('NOT_FOUND', `no such route ${url.pathname}`);
    } catch (error) {
      return sendError(res, error);
    }
  };
}

function previewOptions(url: URL): api.PreviewOptions {
  const range = url.searchParams.get('range');
  const now = url.searchParams.get('now');
  return {
    ...(range ? { rangeMs: parseInterval(range) } : {}),
    ...(now ? { now: parseTime(now, new Date()).getTime() } : {}),
  };
}

class MethodNotAllowed extends Error {
  readonly allowed: string[];
  constructor(allowed: string[]) {
    super(`method not allowed; use ${allowed.join(', ')}`);
    this.allowed = allowed;
  }
}

function allow(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw new MethodNotAllowed(allowed);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new DriftwoodError('PAYLOAD_TOO_LARGE', 'request body over 1 MB');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DriftwoodError('INPUT_INVALID', `request body is not JSON: ${(error as Error).message}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
  return true;
}

function sendError(res: ServerResponse, error: unknown): true {
  if (error instanceof MethodNotAllowed) {
    res.setHeader('allow', error.allowed.join(', '));
    return send(res, 405, { error: { code: 'INPUT_INVALID', message: error.message, details: {} } });
  }
  if (isDriftwoodError(error)) {
    const status =
      error.code === 'NOT_FOUND'
        ? 404
        : error.code === 'PAYLOAD_TOO_LARGE'
          ? 413
          : error.code === 'INPUT_INVALID' || error.code === 'KQL_SYNTAX' || error.code === 'CONFIG_INVALID'
            ? 400
            : error.code === 'STORE_UNAVAILABLE'
              ? 503
              : 500;
    return send(res, status, { error: error.toJSON() });
  }
  return send(res, 500, {
    error: { code: 'INTERNAL', message: (error as Error).message ?? String(error), details: {} },
  });
}
