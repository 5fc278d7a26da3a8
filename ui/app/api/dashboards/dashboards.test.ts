/**
 * The dashboard and visualization routes on a real embedded store, called as the UI server calls
 * them (a Request with Basic credentials): list filters, create (409 on a taken id), get, upsert
 * (the path's id), delete, the export as the file's bytes, 400s naming the JSON paths, a viewer
 * refused every write, an audit event per change.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Dashboard, Visualization } from '@driftwood/core';
import { loadDashboardFile } from '@driftwood/store';
import { describe, expect, it } from 'vitest';
import { basic, routeCaller, useRouteTestStore } from '../../../lib/server/testdata/routes.ts';
import { DELETE as deleteViz, GET as getViz, PUT as putViz } from '../visualizations/[id]/route.ts';
import { POST as createViz, GET as listViz } from '../visualizations/route.ts';
import { GET as exportOne } from './[id]/export/route.ts';
import { DELETE as deleteOne, GET as getOne, PUT as putOne } from './[id]/route.ts';
import { POST as create, GET as list } from './route.ts';

const EDITOR = basic('dash-editor', 'editor-password-1');
const VIEWER = basic('dash-viewer', 'viewer-password-1');
const call = routeCaller(EDITOR);

function dashboard(id: string, extra: Partial<Dashboard> = {}): Dashboard {
  return {
    id,
    title: `Dashboard ${id}`,
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

const viz: Visualization = {
  id: 'levels',
  type: 'bar',
  title: 'By level',
  tags: ['logs'],
  data: { metrics: [{ id: 'n', type: 'count' }], buckets: [{ type: 'terms', field: 'log.level', size: 5 }] },
};

describe('the dashboard and visualization routes on a real embedded store', () => {
  const kit = useRouteTestStore('dashboards-api', [
    { username: 'dash-editor', password: 'editor-password-1', roles: ['editor'] },
    { username: 'dash-viewer', password: 'viewer-password-1', roles: ['viewer'] },
  ]);

  it('creates, lists with q and tag, reads, upserts and deletes a dashboard', async () => {
    const a = dashboard('ops-a', { title: 'Checkout overview', description: 'Payments and CARTS', tags: ['shop'] });
    const created = await call(create, 'POST', '/api/dashboards', { body: a });
    expect(created.status).toBe(201);
    expect((await created.json()).dashboard).toEqual(a);
    expect(
      (await call(create, 'POST', '/api/dashboards', { body: dashboard('ops-b', { tags: ['infra'] }) })).status,
    ).toBe(201);

    const all = await (await call(list, 'GET', '/api/dashboards')).json();
    expect(all.dashboards.map((d: { id: string }) => d.id)).toEqual(['ops-a', 'ops-b']);
    expect(all.dashboards[0]).toMatchObject({
      id: 'ops-a',
      title: 'Checkout overview',
      description: 'Payments and CARTS',
      tags: ['shop'],
      panels: 1,
    });
    expect(typeof all.dashboards[0].updatedAt).toBe('string');
    const ids = async (query: string) =>
      (await (await call(list, 'GET', `/api/dashboards?${query}`)).json()).dashboards.map((d: { id: string }) => d.id);
    expect(await ids('q=carts')).toEqual(['ops-a']);
    expect(await ids('q=CHECKOUT')).toEqual(['ops-a']);
    expect(await ids('q=ops-a')).toEqual([]); // the id is not searched
    expect(await ids('tag=infra')).toEqual(['ops-b']);
    expect(await ids('tag=shop&q=dashboard')).toEqual([]);

    const got = await call(getOne, 'GET', '/api/dashboards/ops-a', { id: 'ops-a' });
    expect(got.status).toBe(200);
    const record = await got.json();
    expect(record.dashboard).toEqual(a);
    expect(record.provisioned).toBeUndefined();

    const changed = { ...a, title: 'Checkout, renamed' };
    const put = await call(putOne, 'PUT', '/api/dashboards/ops-a', { body: changed, id: 'ops-a' });
    expect(put.status).toBe(200);
    expect((await put.json()).dashboard.title).toBe('Checkout, renamed');
    const upserted = await call(putOne, 'PUT', '/api/dashboards/ops-c', { body: dashboard('ops-c'), id: 'ops-c' });
    expect(upserted.status).toBe(200);

    expect((await call(deleteOne, 'DELETE', '/api/dashboards/ops-c', { id: 'ops-c' })).status).toBe(200);
    const gone = await call(getOne, 'GET', '/api/dashboards/ops-c', { id: 'ops-c' });
    expect(gone.status).toBe(404);
    expect((await gone.json()).error.code).toBe('NOT_FOUND');
    expect((await call(deleteOne, 'DELETE', '/api/dashboards/ops-c', { id: 'ops-c' })).status).toBe(404);
  });

  it('answers 409 CONFLICT for a create over an existing id, leaving it unchanged', async () => {
    await call(create, 'POST', '/api/dashboards', { body: dashboard('taken') });
    const again = await call(create, 'POST', '/api/dashboards', { body: dashboard('taken', { title: 'Other' }) });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('CONFLICT');
    const kept = await (await call(getOne, 'GET', '/api/dashboards/taken', { id: 'taken' })).json();
    expect(kept.dashboard.title).toBe('Dashboard taken');
  });

  it('refuses a bad dashboard with 400 naming each JSON path, in the message and details.errors', async () => {
    const bad = dashboard('bad', {});
    (bad.panels[0] as { grid: { w: number } }).grid.w = 0;
    const res = await call(create, 'POST', '/api/dashboards', { body: { ...bad, colour: 'red' } });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.details.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^dashboard: panels\[0\]\.grid\.w: /),
        expect.stringMatching(/^dashboard: colour: unknown key `colour`/),
      ]),
    );
    expect(error.message).toContain('panels[0].grid.w');
    expect((await call(getOne, 'GET', '/api/dashboards/bad', { id: 'bad' })).status).toBe(404);
    const put = await call(putOne, 'PUT', '/api/dashboards/bad', { body: { ...bad, colour: 'red' }, id: 'bad' });
    expect(put.status).toBe(400);
  });

  it("refuses a PUT whose body names another dashboard than the path's", async () => {
    const res = await call(putOne, 'PUT', '/api/dashboards/one', { body: dashboard('two'), id: 'one' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/"two".*"one"/);
    expect((await call(getOne, 'GET', '/api/dashboards/two', { id: 'two' })).status).toBe(404);
  });

  it('exports a provisioned dashboard as its file, byte for byte, as a download', async () => {
    const file = path.resolve(import.meta.dirname, '../../../../dashboards/syslog-hosts.json');
    const outcome = await loadDashboardFile(kit.store, file, 'dashboards/syslog-hosts.json');
    expect(outcome.status).not.toBe('error');
    const res = await call(exportOne, 'GET', '/api/dashboards/syslog-hosts/export', { id: 'syslog-hosts', as: VIEWER });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="syslog-hosts.json"');
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(file))).toBe(true);
    const record = await (await call(getOne, 'GET', '/api/dashboards/syslog-hosts', { id: 'syslog-hosts' })).json();
    expect(record.provisioned).toMatchObject({ file: 'dashboards/syslog-hosts.json' });
    const missing = await call(exportOne, 'GET', '/api/dashboards/nope/export', { id: 'nope' });
    expect(missing.status).toBe(404);
  });

  it('lets a viewer read but not write (403), changing nothing', async () => {
    await call(create, 'POST', '/api/dashboards', { body: dashboard('viewed') });
    expect((await call(list, 'GET', '/api/dashboards', { as: VIEWER })).status).toBe(200);
    expect((await call(getOne, 'GET', '/api/dashboards/viewed', { id: 'viewed', as: VIEWER })).status).toBe(200);
    const refused = [
      await call(create, 'POST', '/api/dashboards', { body: dashboard('by-viewer'), as: VIEWER }),
      await call(putOne, 'PUT', '/api/dashboards/viewed', {
        body: dashboard('viewed', { title: 'x' }),
        id: 'viewed',
        as: VIEWER,
      }),
      await call(deleteOne, 'DELETE', '/api/dashboards/viewed', { id: 'viewed', as: VIEWER }),
      await call(createViz, 'POST', '/api/visualizations', { body: { ...viz, id: 'v-viewer' }, as: VIEWER }),
      await call(putViz, 'PUT', '/api/visualizations/v-viewer', { body: viz, id: 'v-viewer', as: VIEWER }),
      await call(deleteViz, 'DELETE', '/api/visualizations/levels', { id: 'levels', as: VIEWER }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    const kept = await (await call(getOne, 'GET', '/api/dashboards/viewed', { id: 'viewed' })).json();
    expect(kept.dashboard.title).toBe('Dashboard viewed');
    expect((await call(getOne, 'GET', '/api/dashboards/by-viewer', { id: 'by-viewer' })).status).toBe(404);
    const anonymous = await call(list, 'GET', '/api/dashboards', { as: {} });
    expect(anonymous.status).toBe(401);
  });

  it('creates, lists, reads, upserts and deletes a visualization, with the same validation', async () => {
    const created = await call(createViz, 'POST', '/api/visualizations', { body: viz });
    expect(created.status).toBe(201);
    expect((await created.json()).visualization).toEqual(viz);
    expect((await call(createViz, 'POST', '/api/visualizations', { body: viz })).status).toBe(409);
    const listed = await (await call(listViz, 'GET', '/api/visualizations', { as: VIEWER })).json();
    expect(listed.visualizations).toEqual([viz]);
    expect(
      (await (await call(getViz, 'GET', '/api/visualizations/levels', { id: 'levels' })).json()).visualization,
    ).toEqual(viz);
    const renamed = { ...viz, title: 'Levels' };
    const put = await call(putViz, 'PUT', '/api/visualizations/levels', { body: renamed, id: 'levels' });
    expect((await put.json()).visualization.title).toBe('Levels');
    const mismatch = await call(putViz, 'PUT', '/api/visualizations/other', { body: viz, id: 'other' });
    expect(mismatch.status).toBe(400);
    const bad = await call(createViz, 'POST', '/api/visualizations', {
      body: { ...viz, id: 'bad-viz', type: 'line' },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details.errors).toEqual([
      'visualization: data.buckets: a line panel needs a date_histogram bucket',
    ]);
    expect((await call(deleteViz, 'DELETE', '/api/visualizations/levels', { id: 'levels' })).status).toBe(200);
    expect((await call(getViz, 'GET', '/api/visualizations/levels', { id: 'levels' })).status).toBe(404);
  });

  it('writes an audit event for every change, naming the action, the object and who', async () => {
    await call(create, 'POST', '/api/dashboards', { body: dashboard('audited') });
    await call(putOne, 'PUT', '/api/dashboards/audited', { body: dashboard('audited', { title: 'A' }), id: 'audited' });
    await call(deleteOne, 'DELETE', '/api/dashboards/audited', { id: 'audited' });
    await call(createViz, 'POST', '/api/visualizations', { body: { ...viz, id: 'audited-viz' } });
    await call(deleteViz, 'DELETE', '/api/visualizations/audited-viz', { id: 'audited-viz' });
    const seen = (await kit.audit('driftwood.audit.target:(audited or audited-viz)')).map((doc) => [
      doc.event.action,
      doc.driftwood.audit.target,
      doc.user.name,
    ]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['dashboard.save', 'audited', 'dash-editor'],
        ['dashboard.delete', 'audited', 'dash-editor'],
        ['visualization.save', 'audited-viz', 'dash-editor'],
        ['visualization.delete', 'audited-viz', 'dash-editor'],
      ]),
    );
    expect(seen.filter(([action, target]) => action === 'dashboard.save' && target === 'audited')).toHaveLength(2);
    expect(seen).toHaveLength(5);
  });
});
