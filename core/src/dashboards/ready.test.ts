/** The ready dashboards of the repository's dashboards/ folder: valid, canonical, and the four promised. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDashboard } from './format.ts';
import { parseDashboard } from './parse.ts';

const dir = path.resolve(import.meta.dirname, '../../../dashboards');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('dashboards/', () => {
  it('holds the four ready dashboards', () => {
    expect(files.sort()).toEqual(
      expect.arrayContaining(['app-errors.json', 'iot-fleet.json', 'syslog-hosts.json', 'web-access.json']),
    );
  });

  it.each(files)('%s validates, is in canonical form, and its id is its file name', (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const r = parseDashboard(text, `dashboards/${file}`);
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok) return;
    expect(formatDashboard(r.dashboard)).toBe(text);
    expect(`${r.dashboard.id}.json`).toBe(file);
  });

  it('iot-fleet has a devices-gone-silent panel on device.id', () => {
    const r = parseDashboard(readFileSync(path.join(dir, 'iot-fleet.json'), 'utf8'), 'iot-fleet.json');
    const silent = r.ok ? r.dashboard.panels.find((p) => p.type === 'last_seen') : undefined;
    expect(silent?.type === 'last_seen' && silent.options.field).toBe('device.id');
  });
});
