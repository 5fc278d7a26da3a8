import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Dashboard, formatDashboard } from '@driftwood/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogStore } from '../contract.ts';
import { createEmbeddedStore } from '../embedded/store.ts';
import { dashboardDirs, type Provisioning, provisionDashboards } from './provision.ts';
import { getDashboard } from './saved.ts';

const dashboard = (id: string, title: string): Dashboard => ({
  id,
  title,
  panels: [],
});

let store: LogStore;
let root: string;
let provisioning: Provisioning | undefined;
beforeEach(async () => {
  store = await createEmbeddedStore({ path: ':memory:' });
  root = mkdtempSync(path.join(tmpdir(), 'driftwood-provision-'));
});
afterEach(async () => {
  provisioning?.stop();
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('provisionDashboards', () => {
  it('loads every folder at start, prints one line, and re-applies a file when it changes', async () => {
    const a = path.join(root, 'dashboards');
    const b = path.join(root, 'extra');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(path.join(a, 'one.json'), formatDashboard(dashboard('one', 'One')));
    writeFileSync(path.join(b, 'two.json'), formatDashboard(dashboard('two', 'Two')));
    writeFileSync(path.join(b, 'bad.json'), '[]');
    const lines: string[] = [];
    provisioning = await provisionDashboards(store, [a, b, path.join(root, 'missing')], {
      log: (l) => lines.push(l),
      debounceMs: 20,
    });
    expect(lines).toEqual([
      `dashboards: no folder ${path.join(root, 'missing')}`,
      'dashboards: 2 loaded, 1 with errors (extra/bad.json: (root): Invalid input: expected object, received array)',
    ]);
    writeFileSync(path.join(a, 'one.json'), formatDashboard(dashboard('one', 'One, changed')));
    await until(async () => (await getDashboard(store, 'one'))?.dashboard.title === 'One, changed');
    await provisioning.settled();
    expect(lines.at(-1)).toBe('dashboards: dashboards/one.json updated (one)');
    writeFileSync(path.join(b, 'bad.json'), '{"id": "bad"}');
    await until(async () => lines.length === 4);
    expect(lines[3]).toMatch(/^dashboards: extra\/bad\.json: title: /);
  });

  it('uses DRIFTWOOD_DASHBOARDS_DIR besides the repository folder', () => {
    expect(dashboardDirs('/repo/dashboards', {})).toEqual(['/repo/dashboards']);
    expect(dashboardDirs('/repo/dashboards', { DRIFTWOOD_DASHBOARDS_DIR: '/etc/dw' })).toEqual([
      '/repo/dashboards',
      '/etc/dw',
    ]);
    expect(dashboardDirs('/repo/dashboards', { DRIFTWOOD_DASHBOARDS_DIR: '/repo/dashboards/' })).toEqual([
      '/repo/dashboards',
    ]);
  });
});
