import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { isDriftwoodError } from '@driftwood/core';
import { createEmbeddedStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from './cli.ts';
import { alertingConfigSchema, connectionsFor, loadCa, readAlertingConfig } from './config.ts';
import { startAlerting } from './start.ts';
import { TEST_CA_FILE } from './test-helpers.ts';

describe('alerting config', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-alerting-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to an empty allow-list and the system roots', () => {
    expect(alertingConfigSchema.parse({})).toEqual({ egress: { allow: [] }, tls: {}, http: {} });
    expect(connectionsFor().ca).toBeUndefined();
  });

  it('reads egress.allow and tls.ca_file from YAML; the CA is added to the system roots', () => {
    const p = file('ok.yaml', `egress:\n  allow: ['10.0.0.0/8', mail.internal]\ntls:\n  ca_file: ${TEST_CA_FILE}\n`);
    const config = readAlertingConfig(p);
    expect(config).toEqual({
      egress: { allow: ['10.0.0.0/8', 'mail.internal'] },
      tls: { ca_file: TEST_CA_FILE },
      http: {},
    });
    expect(Object.isFrozen(config.egress.allow)).toBe(true);
    const ca = loadCa(config.tls);
    expect(ca).toHaveLength(rootCertificates.length + 1);
  });

  it('names the line of a bad entry or an unknown key; a CA file that cannot be read fails at start', () => {
    const bad = file('bad.yaml', 'egress:\n  allow:\n    - 10.0.0.0/40\ntls:\n  verify: false\n');
    const error = (() => {
      try {
        readAlertingConfig(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(isDriftwoodError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(`${bad}:3:`);
    expect((error as Error).message).toMatch(/not a CIDR: 10\.0\.0\.0\/40/);
    expect((error as Error).message).toMatch(/verify/);
    const missing = file('missing-ca.yaml', `tls: { ca_file: ${path.join(dir, 'nope.pem')} }\n`);
    expect(() => readAlertingConfig(missing)).toThrow(/tls.ca_file: cannot read/);
    const notPem = file('not-pem.yaml', `tls: { ca_file: ${missing} }\n`);
    expect(() => readAlertingConfig(notPem)).toThrow(/holds no PEM certificate/);
  });

  it('driftwood alerts --config with a bad file exits 2 before opening anything', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const bad = file('cli-bad.yaml', 'egress: { allow: [1.2.3.4/99] }\n');
      expect(await run(['--store', 'embedded', '--data', path.join(dir, 'data'), '--config', bad, '--once'])).toBe(2);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/not a CIDR/);
    } finally {
      err.mockRestore();
    }
  });

  it('startAlerting reads DRIFTWOOD_ALERTING_CONFIG when given no egress or tls', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    vi.stubEnv('DRIFTWOOD_ALERTING_CONFIG', file('env.yaml', "egress: { allow: ['127.0.0.1'] }\n"));
    try {
      const fromEnv = startAlerting({ store, maxSleepMs: 60_000 });
      const given = startAlerting({ store, maxSleepMs: 60_000, egress: { allow: [] } });
      await expect(fromEnv.evaluator.connections.egress.resolve('127.0.0.1')).resolves.toHaveLength(1);
      await expect(given.evaluator.connections.egress.resolve('127.0.0.1')).rejects.toThrow(/egress denied/);
      await Promise.all([fromEnv.stop(), given.stop()]);
    } finally {
      vi.unstubAllEnvs();
      await store.close();
    }
  });
});
