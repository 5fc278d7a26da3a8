/**
 * The role matrix, against the real UI server (`next start`) on the embedded store and on real
 * OpenSearch: anonymous, viewer, editor, admin, a custom role with a KQL read filter (DLS) and an
 * ingest API key × every API route and method that lib/server/policy.ts declares → the status
 * each must get (401 without credentials, 403 without the privilege, 2xx with it). Then the secret
 * grep: passwords, the API key, a webhook URL token and an Authorization header value seeded in
 * an alert rule appear in no answer of the matrix. And the proxy: a foreign Host and a cross-site
 * cookie write are refused, pages send anonymous visitors to /login. And the DLS user, on every
 * read route with event data (search, export, doc, histogram, surrounding documents, live tail,
 * both alert previews, field values and top values, panel queries), never counts or gets a
 * document outside its filter, where the viewer asking the same gets them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRule } from '@driftwood/alerting';
import type { LogEvent } from '@driftwood/core';
import { type LogStore, SecurityService, saveDashboard, saveVisualization } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_POLICIES, type Method, PAGE_POLICIES, UNFILTERED_ROUTES } from '../../ui/lib/server/policy.ts';
import { engine } from '../engines/use.ts';
import {
  basicAuth,
  buildUi,
  loginSession,
  openTestStore,
  type StoreEnv,
  seedTestUsers,
  startUi,
  TEST_USERS,
  type UiServer,
  writeAll,
} from './harness.ts';

const HOUR = 3_600_000;

/** Secrets seeded on the server; no answer may contain one. */
const SECRETS = {
  viewerPassword: 'viewer-secret-pass-1',
  editorPassword: 'editor-secret-pass-2',
  zurichPassword: 'zurich-secret-pass-3',
  webhookToken: 'hooktoken-5f1e0c9a7b',
  headerValue: 'Bearer header-secret-77aa',
};

type Who = 'anonymous' | 'viewer' | 'editor' | 'admin' | 'zurich' | 'ingest';
const WHO: Who[] = ['anonymous', 'viewer', 'editor', 'admin', 'zurich', 'ingest'];
const PRIVILEGES: Record<Who, string[]> = {
  anonymous: [],
  viewer: ['read'],
  editor: ['read', 'write'],
  admin: ['read', 'write', 'admin', 'ingest'],
  zurich: ['read'],
  ingest: ['ingest'],
};

function events(now: number): LogEvent[] {
  return Array.from({ length: 60 }, (_, i) => ({
    id: `m${String(i).padStart(3, '0')}`,
    doc: {
      '@timestamp': new Date(now - HOUR + i * 30_000).toISOString(),
      message: `matrix event ${i}`,
      log: { level: i % 3 === 0 ? 'error' : 'info' },
      host: { name: `host-${i % 4}` },
      site: i % 3 === 0 ? 'zurich' : 'geneva',
    },
  }));
}

interface Seeded {
  apiKey: { id: string; key: string; encoded: string };
  ruleId: string;
  searchId: string;
}

/** A dashboard and a visualization the matrix reads, changes and copies (issue #17). */
const MATRIX_PANEL = {
  id: 'events',
  type: 'metric',
  title: 'Events',
  data: { metrics: [{ id: 'n', type: 'count' }], buckets: [] },
} as const;
const matrixDashboard = (id: string) => ({
  id,
  title: `Matrix ${id}`,
  panels: [{ ...MATRIX_PANEL, grid: { x: 0, y: 0, w: 6, h: 4 } }],
});
const matrixVisualization = (id: string) => ({ ...MATRIX_PANEL, id, title: `Matrix ${id}` });
const freshId = (kind: string) => `${kind}-${Math.random().toString(36).slice(2, 10)}`;

async function seed(store: LogStore, now: number): Promise<Seeded> {
  await writeAll(store, [events(now)]);
  await seedTestUsers(store);
  const security = await SecurityService.open(store);
  await security.putRole({ name: 'zurich', privileges: ['read'], filter: 'site:zurich' });
  await security.addUser({ username: 'viewer', password: SECRETS.viewerPassword, roles: ['viewer'] });
  await security.addUser({ username: 'editor', password: SECRETS.editorPassword, roles: ['editor'] });
  await security.addUser({ username: 'zurich', password: SECRETS.zurichPassword, roles: ['zurich'] });
  const key = await security.createApiKey({ name: 'shipper', roles: ['ingest'] });
  const rule = await createRule(store, ruleBody('Seeded rule'));
  await store.saveObject({
    id: 'seeded-search',
    type: 'search',
    title: 'Seeded search',
    attributes: { query: 'log.level:error' },
  });
  await saveDashboard(store, matrixDashboard('seeded-dashboard'));
  await saveVisualization(store, matrixVisualization('seeded-visualization'));
  return { apiKey: { id: key.id, key: key.key, encoded: key.encoded }, ruleId: rule.id, searchId: 'seeded-search' };
}

function ruleBody(name: string): Record<string, unknown> {
  return {
    name,
    query: 'log.level:error',
    condition: { type: 'count', comparator: '>', threshold: 1000 },
    actions: [
      {
        type: 'webhook',
        url: `https://hooks.example.com/services/${SECRETS.webhookToken}`,
        headers: { Authorization: SECRETS.headerValue },
      },
    ],
  };
}

function credentials(who: Who, seeded: Seeded): Record<string, string> {
  switch (who) {
    case 'anonymous':
      return {};
    case 'admin':
      return { authorization: basicAuth(TEST_USERS.admin.username, TEST_USERS.admin.password) };
    case 'ingest':
      return { authorization: `ApiKey ${seeded.apiKey.encoded}` };
    default:
      return {
        authorization: basicAuth(
          who,
          { viewer: SECRETS.viewerPassword, editor: SECRETS.editorPassword, zurich: SECRETS.zurichPassword }[who],
        ),
      };
  }
}

/**
 * The status a principal must get from a route of `policy` when its request is valid. Alert rules
 * are evaluated over every document: the DLS user is refused them (UNFILTERED_ROUTES).
 */
function expected(who: Who, route: string, policy: string, okStatus: number): number {
  if (policy === 'public') return okStatus;
  if (who === 'anonymous') return 401;
  if (who === 'zurich' && UNFILTERED_ROUTES.has(route)) return 403;
  return PRIVILEGES[who].includes(policy) ? okStatus : 403;
}

/** What the matrix makes a throwaway of (as the admin) to change or delete it. */
type Fresh = 'rule' | 'search' | 'dashboard' | 'visualization';

interface Call {
  path: string;
  body?: unknown;
  ok: number;
  /** Public routes whose answer depends on who asks. */
  status?: (who: Who) => number;
}

const range = (now: number) => `from=${now - 2 * HOUR}&to=${now}`;

/**
 * A valid request for every declared route and method. `fresh` makes a throwaway rule or saved
 * search (as the admin) for a request that changes or deletes one.
 */
async function callFor(
  route: string,
  method: Method,
  now: number,
  seeded: Seeded,
  fresh: (kind: Fresh) => Promise<string>,
  allowed: boolean,
): Promise<Call> {
  const r = range(now);
  const doc = `id=m003&ts=${now - HOUR + 3 * 30_000}`;
  const seededId = {
    rule: seeded.ruleId,
    search: seeded.searchId,
    dashboard: 'seeded-dashboard',
    visualization: 'seeded-visualization',
  };
  const target = async (kind: Fresh) => encodeURIComponent(allowed ? await fresh(kind) : seededId[kind]);
  const upserted = (kind: 'dashboard' | 'visualization') => (allowed ? freshId(kind) : seededId[kind]);
  switch (`${method} ${route}`) {
    case 'POST /api/auth/login':
      return { path: route, body: { username: 'viewer', password: SECRETS.viewerPassword }, ok: 200 };
    case 'POST /api/auth/logout':
      return { path: route, body: {}, ok: 200 };
    case 'GET /api/auth/me':
      return { path: route, ok: 200, status: (who) => (who === 'anonymous' ? 401 : 200) };
    case 'GET /api/search':
      return { path: `${route}?${r}&size=5`, ok: 200 };
    case 'GET /api/histogram':
      return { path: `${route}?${r}`, ok: 200 };
    case 'GET /api/export':
      return { path: `${route}?${r}&format=csv&col=message`, ok: 200 };
    case 'GET /api/tail':
      return { path: `${route}?since=${now - HOUR}`, ok: 200 };
    case 'GET /api/doc':
    case 'GET /api/surrounding':
      return { path: `${route}?${doc}`, ok: 200 };
    case 'GET /api/fields':
      return { path: route, ok: 200 };
    case 'GET /api/fields/top':
    case 'GET /api/fields/values':
      return { path: `${route}?${r}&field=host.name`, ok: 200 };
    case 'GET /api/saved-searches':
      return { path: route, ok: 200 };
    case 'POST /api/saved-searches':
      return { path: route, body: { title: 'Matrix', params: 'q=a' }, ok: 201 };
    case 'GET /api/saved-searches/[id]':
      return { path: `/api/saved-searches/${seeded.searchId}`, ok: 200 };
    case 'PUT /api/saved-searches/[id]':
      return { path: `/api/saved-searches/${await target('search')}`, body: { title: 'Changed', params: '' }, ok: 200 };
    case 'DELETE /api/saved-searches/[id]':
      return { path: `/api/saved-searches/${await target('search')}`, ok: 200 };
    case 'GET /api/alerts/rules':
      return { path: route, ok: 200 };
    case 'POST /api/alerts/rules':
      return { path: route, body: ruleBody(`Matrix ${Math.random().toString(36).slice(2)}`), ok: 201 };
    case 'GET /api/alerts/rules/[id]':
      return { path: `/api/alerts/rules/${seeded.ruleId}`, ok: 200 };
    case 'PATCH /api/alerts/rules/[id]':
      return { path: `/api/alerts/rules/${await target('rule')}`, body: { name: 'Patched' }, ok: 200 };
    case 'PUT /api/alerts/rules/[id]':
      return { path: `/api/alerts/rules/${await target('rule')}`, body: ruleBody('Replaced'), ok: 200 };
    case 'DELETE /api/alerts/rules/[id]':
      return { path: `/api/alerts/rules/${await target('rule')}`, ok: 200 };
    case 'POST /api/alerts/rules/[id]/mute':
      return { path: `/api/alerts/rules/${await target('rule')}/mute`, body: { muted: true }, ok: 200 };
    case 'POST /api/alerts/rules/[id]/snooze':
      return { path: `/api/alerts/rules/${await target('rule')}/snooze`, body: { until: null }, ok: 200 };
    case 'GET /api/alerts/rules/[id]/history':
    case 'GET /api/alerts/rules/[id]/notifications':
    case 'GET /api/alerts/rules/[id]/preview':
      return { path: `${route.replace('[id]', seeded.ruleId)}`, ok: 200 };
    case 'POST /api/alerts/preview':
      return { path: route, body: ruleBody('Preview'), ok: 200 };
    case 'GET /api/dashboards':
    case 'GET /api/visualizations':
      return { path: route, ok: 200 };
    case 'POST /api/dashboards':
      return { path: route, body: matrixDashboard(freshId('dashboard')), ok: 201 };
    case 'GET /api/dashboards/[id]':
    case 'GET /api/dashboards/[id]/export':
      return { path: route.replace('[id]', 'seeded-dashboard'), ok: 200 };
    case 'PUT /api/dashboards/[id]': {
      const id = upserted('dashboard');
      return { path: `/api/dashboards/${id}`, body: matrixDashboard(id), ok: 200 };
    }
    case 'DELETE /api/dashboards/[id]':
      return { path: `/api/dashboards/${await target('dashboard')}`, ok: 200 };
    case 'POST /api/visualizations':
      return { path: route, body: matrixVisualization(freshId('visualization')), ok: 201 };
    case 'GET /api/visualizations/[id]':
      return { path: '/api/visualizations/seeded-visualization', ok: 200 };
    case 'PUT /api/visualizations/[id]': {
      const id = upserted('visualization');
      return { path: `/api/visualizations/${id}`, body: matrixVisualization(id), ok: 200 };
    }
    case 'DELETE /api/visualizations/[id]':
      return { path: `/api/visualizations/${await target('visualization')}`, ok: 200 };
    case 'POST /api/panels/query':
      return {
        path: route,
        body: {
          panel: matrixVisualization('query'),
          time: { from: new Date(now - 2 * HOUR).toISOString(), to: new Date(now).toISOString() },
        },
        ok: 200,
      };
    case 'GET /api/metrics':
      return { path: route, ok: 200 };
    default:
      throw new Error(`the role matrix has no request for ${method} ${route}: add one`);
  }
}

async function bodyText(res: Response, stream: boolean): Promise<string> {
  if (!stream || !res.body) return await res.text();
  // a live tail never ends: read what it sent in a moment, then hang up
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const until = Date.now() + 1500;
  while (Date.now() < until) {
    const next = await Promise.race([
      reader.read(),
      new Promise<undefined>((r) => setTimeout(() => r(undefined), Math.max(1, until - Date.now()))),
    ]);
    if (!next || next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text;
}

const opensearch = engine('opensearch');
const backends: Array<{ name: string; skip: boolean; env: (dir: string, now: number) => StoreEnv }> = [
  { name: 'embedded', skip: false, env: (dir) => ({ DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: dir }) },
  {
    name: 'OpenSearch',
    skip: !opensearch,
    env: (dir, now) => ({
      DRIFTWOOD_STORE: 'opensearch',
      DRIFTWOOD_DATA: dir,
      OPENSEARCH_URL: opensearch?.url ?? '',
      DRIFTWOOD_INDEX_PREFIX: `matrix-${now}`,
    }),
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`the role matrix on ${backend.name}`, () => {
    let dir: string;
    let server: UiServer;
    let seeded: Seeded;
    const now = Date.now();
    const answers: string[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'driftwood-matrix-'));
      const env = backend.env(dir, now);
      const [, store] = await Promise.all([buildUi(), openTestStore(env)]);
      try {
        seeded = await seed(store, now);
      } finally {
        await store.close();
      }
      server = await startUi({ ...env });
    }, 600_000);

    afterAll(async () => {
      await server?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const admin = { authorization: basicAuth(TEST_USERS.admin.username, TEST_USERS.admin.password) };
    let made = 0;
    const fresh = async (kind: Fresh): Promise<string> => {
      made++;
      const make: Record<Fresh, [string, unknown]> = {
        rule: ['/api/alerts/rules', { ...ruleBody(`Fresh ${made}`), id: `fresh-${made}` }],
        search: ['/api/saved-searches', { title: `Fresh ${made}`, params: '' }],
        dashboard: ['/api/dashboards', matrixDashboard(`fresh-${made}`)],
        visualization: ['/api/visualizations', matrixVisualization(`fresh-${made}`)],
      };
      const [route, payload] = make[kind];
      const res = await server.fetch(
        route,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) },
        TEST_USERS.admin,
      );
      const body = (await res.json()) as Partial<
        Record<'rule' | 'search' | 'dashboard' | 'visualization', { id: string }>
      >;
      const id = body.rule?.id ?? body.search?.id ?? body.dashboard?.id ?? body.visualization?.id;
      if (res.status !== 201 || !id) throw new Error(`could not make a ${kind}: ${res.status} ${JSON.stringify(body)}`);
      return id;
    };

    it('answers every route and method with the status its policy gives each principal', async () => {
      const rows: string[] = [];
      let calls = 0;
      for (const [route, methods] of Object.entries(API_POLICIES)) {
        for (const [method, policy] of Object.entries(methods) as Array<[Method, string]>) {
          for (const who of WHO) {
            const okStatus = (await callFor(route, method, now, seeded, async () => '', false)).ok;
            const want = expected(who, route, policy, okStatus);
            const call = await callFor(route, method, now, seeded, fresh, want < 300);
            const status = call.status ? call.status(who) : want;
            const headers: Record<string, string> = { ...credentials(who, seeded) };
            if (call.body !== undefined || method !== 'GET') headers['content-type'] = 'application/json';
            const res = await fetch(`${server.url}${call.path}`, {
              method,
              headers,
              ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
            });
            const text = await bodyText(res, route === '/api/tail' && res.ok);
            answers.push(`${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${text}`);
            calls++;
            if (res.status !== status)
              rows.push(`${who} ${method} ${call.path}: ${res.status} (want ${status}) ${text.slice(0, 200)}`);
            if (res.status === 401 && who === 'anonymous')
              expect(JSON.parse(text)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
            if (res.status === 403) expect(JSON.parse(text)).toMatchObject({ error: { code: 'FORBIDDEN' } });
          }
        }
      }
      expect(rows).toEqual([]);
      expect(calls).toBeGreaterThanOrEqual(Object.values(API_POLICIES).flatMap(Object.keys).length * WHO.length);
    }, 300_000);

    it('filters every read of the DLS role: it counts, finds and exports only its documents', async () => {
      const zurich = credentials('zurich', seeded);
      const r = range(now);
      const total = async (headers: Record<string, string>) =>
        ((await (await fetch(`${server.url}/api/search?${r}&size=100`, { headers })).json()) as { total: number })
          .total;
      expect(await total(zurich)).toBe(20);
      expect(await total(credentials('viewer', seeded))).toBe(60);
      const csv = await (await fetch(`${server.url}/api/export?${r}&format=csv&col=site`, { headers: zurich })).text();
      const rows = csv.trimEnd().split('\r\n').slice(1);
      expect(rows.length).toBe(20);
      expect(rows.every((row) => row.endsWith(',zurich'))).toBe(true);
      // a document outside the filter is not found, even by id
      const geneva = await fetch(`${server.url}/api/doc?id=m001&ts=${now - HOUR + 30_000}`, { headers: zurich });
      expect(geneva.status).toBe(404);
      const histogram = (await (await fetch(`${server.url}/api/histogram?${r}`, { headers: zurich })).json()) as {
        total: number;
      };
      expect(histogram.total).toBe(20);
      // a query cannot widen the filter
      expect(
        (
          (await (
            await fetch(
              `${server.url}/api/search?${r}&size=0&q=${encodeURIComponent('site:geneva or not site:geneva')}`,
              {
                headers: zurich,
              },
            )
          ).json()) as { total: number }
        ).total,
      ).toBe(20);
    });

    /**
     * Every other read route that answers with event data, asked as the DLS user and as the viewer
     * (no filter) with the same request: the viewer's answer has geneva documents (so the request
     * would show one if the filter were not applied), the DLS user's has none and counts only its
     * 20 zurich documents.
     */
    it('filters the other read routes of the DLS role: surrounding, tail, alert previews, field values and top, panels', async () => {
      const zurich = credentials('zurich', seeded);
      const viewer = credentials('viewer', seeded);
      const r = range(now);
      const ts = (i: number) => now - HOUR + i * 30_000;
      const all = events(now);
      const zurichIds = all.filter((e) => e.doc.site === 'zurich').map((e) => e.id);
      const siteOf = (id: string) => all.find((e) => e.id === id)?.doc.site;
      type Hit = { id: string; doc: { site?: string } };
      const get = async (path: string, headers: Record<string, string>) => {
        const res = await fetch(`${server.url}${path}`, { headers });
        const text = await res.text();
        expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
        // biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers in a test
        return JSON.parse(text) as any;
      };
      const post = async (path: string, body: unknown, headers: Record<string, string>) => {
        const res = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
        // biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers in a test
        return JSON.parse(text) as any;
      };

      // surrounding documents: m027 (zurich, host-3) among the events of host-3
      const around = (headers: Record<string, string>) => get(`/api/surrounding?id=m027&ts=${ts(27)}&n=50`, headers);
      const mine = await around(zurich);
      const theirs = await around(viewer);
      const ids = (s: { anchor: Hit; newer: Hit[]; older: Hit[] }) =>
        [s.anchor, ...s.newer, ...s.older].map((h) => h.id);
      expect(ids(theirs).some((id) => siteOf(id) === 'geneva')).toBe(true);
      expect(ids(mine).sort()).toEqual(['m003', 'm015', 'm027', 'm039', 'm051']);
      expect([mine.anchor, ...mine.newer, ...mine.older].every((h: Hit) => h.doc.site === 'zurich')).toBe(true);
      // a document outside the filter is no anchor either
      const outside = await fetch(`${server.url}/api/surrounding?id=m001&ts=${ts(1)}`, { headers: zurich });
      expect(outside.status).toBe(404);
      expect(await outside.text()).not.toContain('matrix event 1"');

      // live tail from before the first event: every event it sends, until it has been quiet a while
      const tail = async (headers: Record<string, string>, want: number): Promise<Hit[]> => {
        const controller = new AbortController();
        const res = await fetch(`${server.url}/api/tail?since=${now - 2 * HOUR}`, {
          headers,
          signal: controller.signal,
        });
        expect(res.status).toBe(200);
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        const hits: Hit[] = [];
        let buffer = '';
        const deadline = Date.now() + 20_000;
        let quietUntil = Date.now() + 20_000;
        try {
          while (Date.now() < Math.min(deadline, quietUntil)) {
            const next = await Promise.race([
              reader.read(),
              new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 250)),
            ]);
            if (next?.done) break;
            if (next) buffer += decoder.decode(next.value, { stream: true });
            let end = buffer.indexOf('\n\n');
            while (end !== -1) {
              const message = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = /^event: (.*)$/m.exec(message)?.[1];
              const data = /^data: (.*)$/m.exec(message)?.[1];
              if (event === 'failure') throw new Error(`the tail failed: ${data}`);
              if (event === 'hit' && data) hits.push(JSON.parse(data) as Hit);
              end = buffer.indexOf('\n\n');
            }
            // once it has sent what it should, 3 s (three polls) more for anything it should not
            if (hits.length >= want && quietUntil > Date.now() + 3000) quietUntil = Date.now() + 3000;
          }
        } finally {
          await reader.cancel().catch(() => undefined);
          controller.abort();
        }
        return hits;
      };
      const [tailedMine, tailedTheirs] = await Promise.all([tail(zurich, 20), tail(viewer, 60)]);
      expect(tailedTheirs.filter((h) => h.doc.site === 'geneva').length).toBe(40);
      expect(tailedMine.map((h) => h.id).sort()).toEqual(zurichIds);
      expect(tailedMine.every((h) => h.doc.site === 'zurich')).toBe(true);

      // alert preview of an unsaved rule: the window count at its last slot, and its groups
      const previewRule = {
        name: 'DLS preview',
        query: '',
        every: '1m',
        window: '2h',
        condition: { type: 'count', comparator: '>', threshold: 0 },
      };
      const inWindow = (to: string, site?: string) => {
        const end = Date.parse(to);
        return all.filter((e, i) => ts(i) >= end - 2 * HOUR && ts(i) < end && (!site || e.doc.site === site)).length;
      };
      const lastValue = (p: { series: Array<{ points: Array<{ value: number }> }> }) =>
        p.series[0]?.points.at(-1)?.value;
      const previewMine = (await post('/api/alerts/preview', previewRule, zurich)).preview;
      const previewTheirs = (await post('/api/alerts/preview', previewRule, viewer)).preview;
      expect(lastValue(previewTheirs)).toBe(inWindow(previewTheirs.to));
      expect(lastValue(previewMine)).toBe(inWindow(previewMine.to, 'zurich'));
      expect(inWindow(previewMine.to, 'zurich')).toBeGreaterThan(15);
      const grouped = { ...previewRule, group_by: { field: 'site' } };
      const groups = (p: { series: Array<{ group: string | null }> }) => p.series.map((s) => s.group).sort();
      expect(groups((await post('/api/alerts/preview', grouped, viewer)).preview)).toEqual(['geneva', 'zurich']);
      expect(groups((await post('/api/alerts/preview', grouped, zurich)).preview)).toEqual(['zurich']);
      // a stored rule's preview: a rule (made by the admin) over the info events, all of them geneva
      const info = await server.fetch(
        '/api/alerts/rules',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...previewRule, name: 'DLS stored preview', query: 'log.level:info' }),
        },
        TEST_USERS.admin,
      );
      expect(info.status).toBe(201);
      const infoRule = ((await info.json()) as { rule: { id: string } }).rule.id;
      const stored = (headers: Record<string, string>) => get(`/api/alerts/rules/${infoRule}/preview`, headers);
      const storedTheirs = (await stored(viewer)).preview;
      expect(lastValue(storedTheirs)).toBe(inWindow(storedTheirs.to, 'geneva'));
      expect(lastValue(storedTheirs)).toBeGreaterThan(30);
      const storedMine = (await stored(zurich)).preview;
      expect(
        storedMine.series.flatMap((s: { points: Array<{ value: number }> }) => s.points.map((p) => p.value)),
      ).toEqual(storedMine.series.flatMap((s: { points: unknown[] }) => s.points.map(() => 0)));

      // field values (autocomplete) and a field's top values
      const values = async (field: string, prefix: string, headers: Record<string, string>) =>
        ((await get(`/api/fields/values?${r}&field=${field}&prefix=${prefix}`, headers)).values as string[]).sort();
      expect(await values('site', '', viewer)).toEqual(['geneva', 'zurich']);
      expect(await values('site', '', zurich)).toEqual(['zurich']);
      expect(await values('site', 'gen', viewer)).toEqual(['geneva']);
      expect(await values('site', 'gen', zurich)).toEqual([]);
      expect(await values('log.level', '', viewer)).toEqual(['error', 'info']);
      expect(await values('log.level', '', zurich)).toEqual(['error']);
      const top = (headers: Record<string, string>) => get(`/api/fields/top?${r}&field=site`, headers);
      expect(await top(zurich)).toMatchObject({
        total: 20,
        present: 20,
        buckets: [{ key: 'zurich', count: 20 }],
        other: 0,
      });
      expect((await top(viewer)).total).toBe(60);

      // dashboard panels: a count, and a pie of the sites with "other" and "missing" buckets
      const time = { from: new Date(now - 2 * HOUR).toISOString(), to: new Date(now).toISOString() };
      const panel = (body: unknown, headers: Record<string, string>) => post('/api/panels/query', body, headers);
      const count = { panel: matrixVisualization('count'), time };
      expect((await panel(count, viewer)).aggs.n).toMatchObject({ value: 60 });
      expect((await panel(count, zurich)).aggs.n).toMatchObject({ value: 20 });
      const pie = {
        panel: {
          id: 'sites',
          type: 'pie',
          title: 'Sites',
          data: {
            metrics: [{ id: 'n', type: 'count' }],
            buckets: [{ type: 'terms', field: 'site', size: 10, other: true, missing: true }],
          },
        },
        time,
      };
      const slices = (answer: { aggs: Record<string, unknown> }) => JSON.stringify(answer.aggs);
      const pieTheirs = await panel(pie, viewer);
      expect(slices(pieTheirs)).toContain('geneva');
      const pieMine = await panel(pie, zurich);
      expect(slices(pieMine)).not.toContain('geneva');
      expect(pieMine.aggs.b0).toMatchObject({ buckets: [{ key: 'zurich', count: 20 }], other: 0 });
    }, 120_000);

    it('serves every page by its policy: anonymous visitors go to /login, a missing privilege is 403', async () => {
      const sessions: Partial<Record<Who, string>> = {};
      for (const who of ['viewer', 'editor', 'zurich'] as const) {
        const password = {
          viewer: SECRETS.viewerPassword,
          editor: SECRETS.editorPassword,
          zurich: SECRETS.zurichPassword,
        }[who];
        sessions[who] = await loginSession(server.url, who, password);
      }
      const rows: string[] = [];
      for (const [page, policy] of Object.entries(PAGE_POLICIES)) {
        const url = `${server.url}${page.replace('[id]', seeded.ruleId)}`;
        for (const who of ['anonymous', 'viewer', 'editor', 'zurich'] as const) {
          const token = sessions[who];
          const res = await fetch(url, {
            redirect: 'manual',
            headers: token ? { cookie: `driftwood_session=${encodeURIComponent(token)}` } : {},
          });
          const body = await res.text();
          answers.push(body);
          const allowed = policy === 'public' || (who !== 'anonymous' && PRIVILEGES[who].includes(policy));
          const ok = allowed
            ? res.status === 200 || (page === '/' && res.status === 307)
            : who === 'anonymous'
              ? res.status === 303 && (res.headers.get('location') ?? '').includes('/login?next=')
              : res.status === 403;
          if (!ok) rows.push(`${who} ${page}: ${res.status} ${res.headers.get('location') ?? ''}`);
        }
      }
      expect(rows).toEqual([]);
    });

    it('sends no secret in any answer of the matrix', () => {
      expect(answers.length).toBeGreaterThan(100);
      const secrets = [
        ...Object.values(SECRETS),
        TEST_USERS.admin.password,
        seeded.apiKey.key,
        seeded.apiKey.encoded,
        Buffer.from(`viewer:${SECRETS.viewerPassword}`).toString('base64'),
      ];
      const leaks: string[] = [];
      for (const answer of answers) {
        for (const secret of secrets) if (answer.includes(secret)) leaks.push(`${secret}: ${answer.slice(0, 300)}`);
        if (/scrypt\$|passwordHash|keyHash/.test(answer)) leaks.push(`a hash: ${answer.slice(0, 300)}`);
      }
      expect(leaks).toEqual([]);
    });

    it('logs in and out with a cookie; the cookie is HttpOnly, SameSite, Path=/; a stale one is refused', async () => {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ username: 'viewer', password: SECRETS.viewerPassword }),
      });
      expect(res.status).toBe(200);
      const setCookie = res.headers.getSetCookie().join('\n');
      expect(setCookie).toMatch(/driftwood_session=[^;]+;.*HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).toMatch(/Path=\//);
      expect(setCookie).not.toMatch(/Secure/i); // plain http, no trusted proxy
      expect(await res.json()).toEqual({
        username: 'viewer',
        roles: ['viewer'],
        privileges: ['read'],
        expiresAt: expect.any(Number),
      });
      const token = await loginSession(server.url, 'viewer', SECRETS.viewerPassword);
      const cookie = { cookie: `driftwood_session=${encodeURIComponent(token)}` };
      const me = await fetch(`${server.url}/api/auth/me`, { headers: cookie });
      expect(await me.json()).toMatchObject({ username: 'viewer', roles: ['viewer'], privileges: ['read'] });
      const bad = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'viewer', password: 'wrong-password' }),
      });
      expect(bad.status).toBe(401);
      const out = await fetch(`${server.url}/api/auth/logout`, {
        method: 'POST',
        headers: { ...cookie, 'content-type': 'application/json', origin: server.url },
        body: '{}',
      });
      expect(out.status).toBe(200);
      expect(out.headers.getSetCookie().join('\n')).toMatch(/driftwood_session=;.*Max-Age=0/);
      const after = await fetch(`${server.url}/api/search?size=0`, { headers: cookie });
      expect(after.status).toBe(401);
    });

    it('refuses a foreign Host and cross-site cookie writes; sends anonymous page visitors to /login', async () => {
      const token = await loginSession(server.url, 'editor', SECRETS.editorPassword);
      const cookie = `driftwood_session=${encodeURIComponent(token)}`;
      // DNS rebinding: the attacker's name, our address
      const { request } = await import('node:http');
      const foreign = await new Promise<number>((resolve, reject) => {
        const u = new URL(`${server.url}/api/search?size=0`);
        const req = request(
          {
            host: u.hostname,
            port: u.port,
            path: `${u.pathname}${u.search}`,
            headers: { host: 'rebind.evil.example', ...admin },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(foreign).toBe(421);
      const write = (headers: Record<string, string>) =>
        fetch(`${server.url}/api/saved-searches`, {
          method: 'POST',
          headers: { cookie, ...headers },
          body: JSON.stringify({ title: 'CSRF', params: '' }),
        });
      expect((await write({ 'content-type': 'application/json', origin: 'http://evil.example' })).status).toBe(403);
      expect((await write({ 'content-type': 'text/plain', origin: server.url })).status).toBe(415);
      expect((await write({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await write({ 'content-type': 'application/json', origin: server.url })).status).toBe(201);
      // oversized bodies: a declared length is refused at once, a chunked one once the cap is passed
      const big = JSON.stringify({ title: 'Big', params: 'x'.repeat(2 << 20) });
      const declared = await server.fetch('/api/saved-searches', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      expect(declared.status).toBe(413);
      const bytes = new TextEncoder().encode(big);
      const chunked = await server.fetch('/api/saved-searches', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.subarray(i, i + 65_536));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await chunked.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
      const listed = (await (await server.fetch('/api/saved-searches')).json()) as {
        searches: Array<{ title: string }>;
      };
      expect(listed.searches.filter((s) => s.title === 'CSRF').length).toBe(1);

      const page = await fetch(`${server.url}/discover?q=a`, { redirect: 'manual' });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toMatch(/\/login\?next=%2Fdiscover%3Fq%3Da$/);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      const loggedIn = await fetch(`${server.url}/discover`, { headers: { cookie }, redirect: 'manual' });
      expect(loggedIn.status).toBe(200);
      expect(loggedIn.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(loggedIn.headers.get('x-content-type-options')).toBe('nosniff');
      expect(loggedIn.headers.get('referrer-policy')).toBe('same-origin');
      // a viewer may not open the rule editor page
      const viewer = await loginSession(server.url, 'viewer', SECRETS.viewerPassword);
      const editorPage = await fetch(`${server.url}/alerts/new`, {
        headers: { cookie: `driftwood_session=${encodeURIComponent(viewer)}` },
        redirect: 'manual',
      });
      expect(editorPage.status).toBe(403);
    });
  });
}
