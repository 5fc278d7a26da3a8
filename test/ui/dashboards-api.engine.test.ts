/**
 * The dashboards / visualizations / panel query API (issue #17) against the real UI server
 * (`next start`) on the embedded store and on real OpenSearch: a CRUD round trip, a bad dashboard
 * refused naming its JSON path, a viewer refused every write and served every read, a filtered
 * (DLS) user's panel counting only its documents, a panel's count equal to Discover's search total
 * over the same query and window, the export of a provisioned dashboard equal to its file's bytes,
 * and an audit event per change.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Dashboard, formatDashboard, type LogEvent, type RoleDefinition } from '@driftwood/core';
import { loadDashboards, SecurityService } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelAnswer, PanelQueryBody } from '../../ui/lib/dashboards/contract.ts';
import { engine } from '../engines/use.ts';
import {
  buildUi,
  openTestStore,
  REPO_ROOT,
  type StoreEnv,
  seedTestUsers,
  startUi,
  TEST_USERS,
  type TestUser,
  type UiServer,
  writeAll,
} from './harness.ts';
import { type ApiAnswer, callApi } from './security-fixture.ts';

const MIN = 60_000;
const VIEWER: TestUser = { username: 'vera', password: 'viewer-password-1' };
const FILTERED: TestUser = { username: 'fenna', password: 'filtered-password-1' };
const FILTERED_ROLE: RoleDefinition = { name: 'web-0-only', privileges: ['read'], filter: 'host.name:web-0' };
const PROVISIONED_FILE = path.join(REPO_ROOT, 'dashboards', 'web-access.json');

/** 90 events, one a minute before `now`: hosts web-0..2 in turn, every 5th an error. */
function events(now: number): LogEvent[] {
  return Array.from({ length: 90 }, (_, i) => ({
    id: `dash-${i}`,
    doc: {
      '@timestamp': new Date(now - (i + 1) * MIN).toISOString(),
      message: i % 5 === 0 ? 'upstream timed out' : 'request served',
      log: { level: i % 5 === 0 ? 'error' : 'info' },
      host: { name: `web-${i % 3}` },
      service: { name: 'checkout' },
    },
  }));
}

function dashboard(id: string, extra: Partial<Dashboard> = {}): Dashboard {
  return {
    id,
    title: `API ${id}`,
    tags: ['api-test'],
    panels: [
      {
        id: 'events',
        type: 'metric',
        title: 'Events',
        grid: { x: 0, y: 0, w: 6, h: 4 },
        data: { metrics: [{ id: 'n', type: 'count' }], buckets: [] },
      },
    ],
    ...extra,
  };
}

const countPanel = (query?: string): PanelQueryBody['panel'] => ({
  id: 'count',
  title: 'Count',
  type: 'metric',
  ...(query ? { query } : {}),
  data: { metrics: [{ id: 'n', type: 'count' }], buckets: [] },
});

const countOf = (answer: PanelAnswer) => (answer.aggs.n as { value: number }).value;

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
      DRIFTWOOD_INDEX_PREFIX: `dashapi-${now}`,
    }),
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`the dashboards API on ${backend.name}`, () => {
    let dir: string;
    let server: UiServer;
    const now = Date.now();
    const window = { from: new Date(now - 2 * 60 * MIN).toISOString(), to: new Date(now).toISOString() };
    const api = (method: string, route: string, body?: unknown, as: TestUser = TEST_USERS.tester) =>
      callApi(server, method, route, body, as);
    const query = async (body: PanelQueryBody, as?: TestUser): Promise<PanelAnswer> => {
      const res = await api('POST', '/api/panels/query', body, as);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as PanelAnswer;
    };

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'driftwood-dashboards-api-'));
      const env = backend.env(dir, now);
      const [, store] = await Promise.all([buildUi(), openTestStore(env)]);
      try {
        await writeAll(store, [events(now)]);
        await seedTestUsers(store);
        const security = await SecurityService.open(store);
        await security.addUser({ ...VIEWER, roles: ['viewer'] });
        await security.putRole(FILTERED_ROLE);
        await security.addUser({ ...FILTERED, roles: [FILTERED_ROLE.name] });
        const report = await loadDashboards(store, PROVISIONED_FILE);
        expect(report.failed, JSON.stringify(report.files)).toBe(0);
      } finally {
        await store.close();
      }
      server = await startUi({ ...env });
    }, 600_000);

    afterAll(async () => {
      await server?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('creates, lists, reads, saves and deletes a dashboard and a visualization', async () => {
      const d = dashboard('round-trip', { description: 'made by the API test' });
      const created = await api('POST', '/api/dashboards', d);
      expect(created.status).toBe(201);
      expect(created.body.dashboard).toEqual(d);
      expect((await api('POST', '/api/dashboards', d)).status).toBe(409);

      const listed = await api('GET', '/api/dashboards?tag=api-test');
      expect(listed.body.dashboards.map((x: { id: string }) => x.id)).toContain('round-trip');
      const searched = await api('GET', '/api/dashboards?q=MADE%20BY');
      expect(searched.body.dashboards.map((x: { id: string }) => x.id)).toEqual(['round-trip']);
      expect(searched.body.dashboards[0]).toMatchObject({ title: 'API round-trip', panels: 1, tags: ['api-test'] });

      const saved = await api('PUT', '/api/dashboards/round-trip', { ...d, title: 'Renamed' });
      expect(saved.status).toBe(200);
      expect((await api('GET', '/api/dashboards/round-trip')).body.dashboard.title).toBe('Renamed');
      expect((await api('PUT', '/api/dashboards/round-trip', { ...d, id: 'other' })).status).toBe(400);
      expect((await api('DELETE', '/api/dashboards/round-trip')).status).toBe(200);
      expect((await api('GET', '/api/dashboards/round-trip')).status).toBe(404);

      const v = { ...countPanel(), id: 'round-trip-viz', title: 'Events' };
      expect((await api('POST', '/api/visualizations', v)).status).toBe(201);
      expect((await api('GET', '/api/visualizations/round-trip-viz')).body.visualization).toEqual(v);
      expect((await api('PUT', '/api/visualizations/round-trip-viz', { ...v, title: 'All events' })).status).toBe(200);
      const vizList = (await api('GET', '/api/visualizations')).body.visualizations;
      expect(vizList.find((x: { id: string }) => x.id === 'round-trip-viz')?.title).toBe('All events');
      expect((await api('DELETE', '/api/visualizations/round-trip-viz')).status).toBe(200);
      expect((await api('GET', '/api/visualizations/round-trip-viz')).status).toBe(404);
    });

    it('refuses a bad dashboard with 400 naming the JSON path', async () => {
      const bad = dashboard('bad-one');
      const panel = bad.panels[0] as { grid: { w: number } };
      panel.grid.w = 30; // past the 24 columns
      const res = await api('POST', '/api/dashboards', bad);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INPUT_INVALID');
      expect(res.body.error.message).toMatch(/panels\[0\]\.grid/);
      expect(res.body.error.details.errors.some((e: string) => e.startsWith('dashboard: panels[0].grid'))).toBe(true);
      const badQuery = await api('POST', '/api/panels/query', { panel: { ...countPanel(), data: {} }, time: window });
      expect(badQuery.status).toBe(400);
      expect(badQuery.body.error.details.errors.join('\n')).toMatch(/panel\.data\.metrics/);
    });

    it('serves a viewer every read and refuses it every write (403)', async () => {
      await api('POST', '/api/dashboards', dashboard('viewer-target'));
      await api('POST', '/api/visualizations', { ...countPanel(), id: 'viewer-viz' });
      const reads: ApiAnswer[] = [
        await api('GET', '/api/dashboards', undefined, VIEWER),
        await api('GET', '/api/dashboards/viewer-target', undefined, VIEWER),
        await api('GET', '/api/visualizations', undefined, VIEWER),
        await api('GET', '/api/visualizations/viewer-viz', undefined, VIEWER),
        await api('POST', '/api/panels/query', { panel: countPanel(), time: window }, VIEWER),
      ];
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const exported = await server.fetch('/api/dashboards/viewer-target/export', {}, VIEWER);
      expect(exported.status).toBe(200);
      const writes: ApiAnswer[] = [
        await api('POST', '/api/dashboards', dashboard('by-viewer'), VIEWER),
        await api('PUT', '/api/dashboards/viewer-target', dashboard('viewer-target', { title: 'x' }), VIEWER),
        await api('DELETE', '/api/dashboards/viewer-target', undefined, VIEWER),
        await api('POST', '/api/visualizations', { ...countPanel(), id: 'by-viewer' }, VIEWER),
        await api('PUT', '/api/visualizations/viewer-viz', { ...countPanel(), id: 'viewer-viz' }, VIEWER),
        await api('DELETE', '/api/visualizations/viewer-viz', undefined, VIEWER),
      ];
      expect(writes.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
      for (const w of writes) expect(w.body.error.code).toBe('FORBIDDEN');
      expect((await api('GET', '/api/dashboards/viewer-target')).body.dashboard.title).toBe('API viewer-target');
      expect((await api('GET', '/api/dashboards/by-viewer')).status).toBe(404);
    });

    it("counts only a filtered (DLS) user's documents in its panel queries", async () => {
      const all = await query({ panel: countPanel(), time: window });
      const filtered = await query({ panel: countPanel(), time: window }, FILTERED);
      expect(countOf(all)).toBe(90);
      expect(countOf(filtered)).toBe(30);
      const byHost = await query(
        {
          panel: {
            id: 'hosts',
            title: 'Hosts',
            type: 'table',
            data: { metrics: [{ id: 'n', type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 10 }] },
          },
          time: window,
        },
        FILTERED,
      );
      const terms = byHost.aggs.b0 as { buckets: Array<{ key: string; count: number }> };
      expect(terms.buckets.map((b) => [b.key, b.count])).toEqual([['web-0', 30]]);
      // a query cannot widen the filter
      const widened = await query(
        { panel: countPanel('host.name:web-1 or not host.name:web-1'), time: window },
        FILTERED,
      );
      expect(countOf(widened)).toBe(30);
    });

    it("gives a panel the count Discover's search gives over the same query and window", async () => {
      for (const [panelQuery, dashboardQuery, extra] of [
        ['log.level:error', undefined, undefined],
        [undefined, 'host.name:web-1', ['message:"request served"']],
      ] as const) {
        const answer = await query({
          panel: countPanel(panelQuery),
          ...(dashboardQuery ? { dashboard: { query: dashboardQuery } } : {}),
          ...(extra ? { extra: [...extra] } : {}),
          time: window,
        });
        expect(answer.request.from).toBe(Date.parse(window.from));
        const params = new URLSearchParams({
          q: answer.request.query ?? '',
          from: String(answer.request.from),
          to: String(answer.request.to),
          size: '0',
        });
        const search = await api('GET', `/api/search?${params}`);
        expect(search.status).toBe(200);
        expect(search.body.total).toBeGreaterThan(0);
        expect(countOf(answer)).toBe(search.body.total);
      }
      const md = await api('POST', '/api/panels/query', {
        panel: { id: 'md', title: 'Notes', type: 'markdown', options: { markdown: 'hi' } },
        time: window,
      });
      expect(md.status).toBe(400);
    });

    it('exports a provisioned dashboard as the bytes of its file, and an edited one as it is saved', async () => {
      const res = await server.fetch('/api/dashboards/web-access/export');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="web-access.json"');
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(PROVISIONED_FILE))).toBe(true);

      const record = await api('GET', '/api/dashboards/web-access');
      expect(record.body.provisioned).toMatchObject({ file: 'dashboards/web-access.json' });
      const edited = { ...(record.body.dashboard as Dashboard), title: 'Web access (edited)' };
      const saved = await api('PUT', '/api/dashboards/web-access', edited);
      expect(saved.status).toBe(200);
      expect(saved.body.provisioned).toMatchObject({ file: 'dashboards/web-access.json' });
      const again = await (await server.fetch('/api/dashboards/web-access/export')).text();
      expect(again).toBe(formatDashboard(edited));
      expect(again).not.toBe(readFileSync(PROVISIONED_FILE, 'utf8'));
    });

    it('writes an audit event for every dashboard and visualization change', async () => {
      await api('POST', '/api/dashboards', dashboard('audited'));
      await api('PUT', '/api/dashboards/audited', dashboard('audited', { title: 'Audited' }));
      await api('DELETE', '/api/dashboards/audited');
      await api('POST', '/api/visualizations', { ...countPanel(), id: 'audited-viz' });
      await api('DELETE', '/api/visualizations/audited-viz');
      const params = new URLSearchParams({
        q: 'event.dataset:"driftwood.audit" and driftwood.audit.target:(audited or audited-viz)',
        from: String(now - 60 * MIN),
        to: String(Date.now() + 60 * MIN),
        size: '50',
      });
      let seen: string[][] = [];
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
        const res = await api('GET', `/api/search?${params}`, undefined, TEST_USERS.admin);
        expect(res.status).toBe(200);
        seen = res.body.hits.map(
          (h: {
            doc: { event: { action: string }; user: { name: string }; driftwood: { audit: { target: string } } };
          }) => [h.doc.event.action, h.doc.driftwood.audit.target, h.doc.user.name],
        );
        if (seen.length >= 5) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const who = TEST_USERS.tester.username;
      expect(seen.sort()).toEqual(
        [
          ['dashboard.delete', 'audited', who],
          ['dashboard.save', 'audited', who],
          ['dashboard.save', 'audited', who],
          ['visualization.delete', 'audited-viz', who],
          ['visualization.save', 'audited-viz', who],
        ].sort(),
      );
      // a user without the admin privilege does not see them
      const viewer = await api('GET', `/api/search?${params}`, undefined, VIEWER);
      expect(viewer.body.total).toBe(0);
    });
  });
}
