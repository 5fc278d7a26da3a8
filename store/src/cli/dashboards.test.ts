/** `driftwood dashboards`: the ready files round-trip byte for byte through a fresh data dir. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../../../bin/driftwood.ts');
const ready = path.resolve(import.meta.dirname, '../../../dashboards');
const root = mkdtempSync(path.join(tmpdir(), 'driftwood-dashboards-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const env = { ...process.env, DRIFTWOOD_STORE: '', DRIFTWOOD_DATA: '' };
const cli = (args: string[]) => spawnSync(process.execPath, [bin, 'dashboards', ...args], { encoding: 'utf8', env });

describe('driftwood dashboards', () => {
  const data = path.join(root, 'data');

  it('imports dashboards/ into a fresh data dir and exports every file with identical bytes', () => {
    const imported = cli(['import', ready, '--data', data]);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const files = readdirSync(ready).filter((f) => f.endsWith('.json'));
    expect(imported.stdout).toContain(`dashboards: ${files.length} loaded, 0 with errors`);
    for (const file of files) {
      const out = path.join(root, `out-${file}`);
      const exported = cli(['export', file.replace(/\.json$/, ''), '--out', out, '--data', data]);
      expect(exported.status, exported.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(ready, file), 'utf8'));
    }
    const stdout = cli(['export', 'iot-fleet', '--data', data]);
    expect(stdout.stdout).toBe(readFileSync(path.join(ready, 'iot-fleet.json'), 'utf8'));
  });

  it('lists what it stored, with the file each came from', () => {
    const listed = cli(['list', '--json', '--data', data]);
    expect(listed.status).toBe(0);
    const rows = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id).sort()).toEqual(['app-errors', 'iot-fleet', 'syslog-hosts', 'web-access']);
    expect(rows.find((r) => r.id === 'web-access').provisioned.file).toBe(path.join(ready, 'web-access.json'));
  });

  it('reports a bad file with its path and exits 1, loading the good ones; an unknown id exits 2', () => {
    const dir = path.join(root, 'mixed');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'bad.json'), '{"id": "bad", "title": "Bad", "panels": [{"id": "p"}]}');
    writeFileSync(path.join(dir, 'good.json'), readFileSync(path.join(ready, 'app-errors.json')));
    const fresh = path.join(root, 'data2');
    const r = cli(['import', dir, '--data', fresh]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'bad.json')}: panels[0].type: `);
    expect(r.stdout).toContain('dashboards: 1 loaded, 1 with errors');
    expect(cli(['export', 'app-errors', '--data', fresh]).status).toBe(0);
    const missing = cli(['export', 'nope', '--data', fresh]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('driftwood dashboards export: no dashboard "nope"\n');
  });
});
