import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Dashboard, formatDashboard } from '@driftwood/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogStore } from '../contract.ts';
import { createEmbeddedStore } from '../embedded/store.ts';
import { loadDashboards, reportLine, sha256 } from './load.ts';
import {
  DASHBOARD_TYPE,
  deleteVisualization,
  exportDashboard,
  exportVisualization,
  getDashboard,
  listDashboards,
  listVisualizations,
  saveDashboard,
  saveVisualization,
} from './saved.ts';

const dashboard = (id: string, title = id, w = 12): Dashboard => ({
  id,
  title,
  panels: [
    {
      id: 'count',
      title: 'Events',
      grid: { x: 0, y: 0, w, h: 4 },
      type: 'metric',
      data: { metrics: [{ id: 'count', type: 'count' }], buckets: [] },
    },
  ],
});

let store: LogStore;
let root: string;
let dir: string;
beforeEach(async () => {
  store = await createEmbeddedStore({ path: ':memory:' });
  root = mkdtempSync(path.join(tmpdir(), 'driftwood-dashboards-'));
  dir = path.join(root, 'dashboards');
  mkdirSync(dir);
});
afterEach(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

const put = (file: string, text: string) => writeFileSync(path.join(dir, file), text);

describe('loadDashboards', () => {
  it('loads the good files, reports each bad one with its file and path, and says so in one line', async () => {
    put('a.json', formatDashboard(dashboard('a', 'Alpha')));
    put('b.json', formatDashboard(dashboard('b', 'Beta', 30)));
    put('c.json', '{ not json');
    put('d.json', formatDashboard(dashboard('d', 'Delta')));
    put('notes.txt', 'ignored');
    const report = await loadDashboards(store, dir);
    expect(report.loaded).toBe(2);
    expect(report.failed).toBe(2);
    expect(report.files.map((f) => [f.file, f.status])).toEqual([
      ['dashboards/a.json', 'created'],
      ['dashboards/b.json', 'error'],
      ['dashboards/c.json', 'error'],
      ['dashboards/d.json', 'created'],
    ]);
    const b = report.files[1];
    expect(b?.status === 'error' && b.errors).toEqual(['dashboards/b.json: panels[0].grid.w: must be ≤ 24']);
    expect(reportLine(report)).toMatch(
      /^dashboards: 2 loaded, 2 with errors \(dashboards\/b\.json: panels\[0\]\.grid\.w: must be ≤ 24; dashboards\/c\.json: \(root\): not valid JSON: /,
    );
    expect((await listDashboards(store)).map((d) => [d.id, d.title])).toEqual([
      ['a', 'Alpha'],
      ['d', 'Delta'],
    ]);
  });

  it('upserts by id and records the file and the hash of its bytes', async () => {
    const text = formatDashboard(dashboard('a', 'Alpha'));
    put('a.json', text);
    await loadDashboards(store, dir);
    const object = await store.getObject(DASHBOARD_TYPE, 'a');
    expect(object?.attributes.provisioned).toEqual({ file: 'dashboards/a.json', sha256: sha256(text) });
    put('a.json', formatDashboard(dashboard('a', 'Alpha 2')));
    const again = await loadDashboards(store, dir);
    expect(again.files[0]).toEqual({ file: 'dashboards/a.json', id: 'a', status: 'updated' });
    expect((await store.listObjects(DASHBOARD_TYPE)).map((o) => o.title)).toEqual(['Alpha 2']);
  });

  it('keeps a UI edit of a provisioned dashboard until the file itself changes', async () => {
    put('a.json', formatDashboard(dashboard('a', 'From the file')));
    await loadDashboards(store, dir);
    await saveDashboard(store, dashboard('a', 'Edited in the UI'));
    // a restart: same bytes on disk, the edit stays (and it is still known as provisioned)
    const restart = await loadDashboards(store, dir);
    expect(restart.files[0]?.status).toBe('unchanged');
    const kept = await getDashboard(store, 'a');
    expect(kept?.dashboard.title).toBe('Edited in the UI');
    expect(kept?.provisioned?.file).toBe('dashboards/a.json');
    // the file changes: it wins
    put('a.json', formatDashboard(dashboard('a', 'File v2')));
    expect((await loadDashboards(store, dir)).files[0]?.status).toBe('updated');
    expect((await getDashboard(store, 'a'))?.dashboard.title).toBe('File v2');
    // an explicit import applies the file even when unchanged
    await saveDashboard(store, dashboard('a', 'Edited again'));
    expect((await loadDashboards(store, dir, { force: true })).files[0]?.status).toBe('updated');
    expect((await getDashboard(store, 'a'))?.dashboard.title).toBe('File v2');
  });

  it('rejects a second file with an id already loaded from another file in the same run', async () => {
    put('a.json', formatDashboard(dashboard('same')));
    put('b.json', formatDashboard(dashboard('same', 'Other')));
    const report = await loadDashboards(store, dir);
    expect(report.files[1]).toEqual({
      file: 'dashboards/b.json',
      status: 'error',
      errors: ['dashboards/b.json: id: "same" is also the id of dashboards/a.json'],
    });
    expect((await getDashboard(store, 'same'))?.dashboard.title).toBe('same');
  });

  it('loads a single file, and exports what it stored in the same bytes', async () => {
    const text = formatDashboard(dashboard('one', 'One'));
    put('one.json', text);
    const report = await loadDashboards(store, path.join(dir, 'one.json'));
    expect(report.files.map((f) => f.status)).toEqual(['created']);
    expect(await exportDashboard(store, 'one')).toBe(text);
    await expect(exportDashboard(store, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('saveDashboard validates like the files', async () => {
    await expect(saveDashboard(store, { ...dashboard('x'), extra: 1 })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/^dashboard: extra: unknown key `extra` \(known keys: id, title, /),
    });
  });
});

describe('visualizations', () => {
  it('saves, lists, exports in the canonical format and deletes; invalid ones are refused', async () => {
    const viz = {
      data: { buckets: [{ type: 'date_histogram' }], metrics: [{ type: 'count', id: 'count' }] },
      type: 'line',
      title: 'Events over time',
      id: 'events',
    };
    await saveVisualization(store, viz);
    expect((await listVisualizations(store)).map((v) => v.id)).toEqual(['events']);
    expect(await exportVisualization(store, 'events')).toBe(
      '{\n  "id": "events",\n  "type": "line",\n  "title": "Events over time",\n  "data": {\n    "metrics": [\n      {\n        "id": "count",\n        "type": "count"\n      }\n    ],\n    "buckets": [\n      {\n        "type": "date_histogram"\n      }\n    ]\n  }\n}\n',
    );
    await expect(
      saveVisualization(store, { ...viz, type: 'pie', data: { metrics: [], buckets: [] } }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect(await deleteVisualization(store, 'events')).toBe(true);
    await expect(exportVisualization(store, 'events')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
