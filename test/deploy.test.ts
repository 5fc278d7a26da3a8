/**
 * The deployment as shipped (docker-compose.yml, Dockerfile, deploy/*.yml) keeps the security
 * model: TLS verified (a mounted CA through NODE_EXTRA_CA_CERTS, never verification off), the
 * indexer with API keys on and HTTPS, the shipper's key from the environment, ports on loopback
 * unless meant public, the image not running as root. The YAML is read with the yaml package
 * and the Driftwood configs with their own schemas.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { alertingConfigSchema } from '@driftwood/alerting';
import { loadConfig } from '@driftwood/core';
import { authModeFor, parseConfigText } from '@driftwood/indexer';
import { parseConfig as parseShipperConfig } from '@driftwood/shipper';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const readAlertingConfigText = (text: string, file: string) => loadConfig(alertingConfigSchema, text, { file });
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<
    string,
    { environment?: Record<string, string>; ports?: string[]; volumes?: string[]; command?: string[] }
  >;
};

describe('deployment files', () => {
  it('never turn TLS verification off', () => {
    for (const file of [
      'docker-compose.yml',
      'Dockerfile',
      'deploy/indexer.yml',
      'deploy/shipper.yml',
      'deploy/alerting.yml',
    ]) {
      expect(read(file), file).not.toMatch(/NODE_TLS_REJECT_UNAUTHORIZED|rejectUnauthorized|verification_mode/);
    }
  });

  it('every Driftwood service trusts the mounted CA through NODE_EXTRA_CA_CERTS', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.command) continue; // the engines
      const ca = service.environment?.NODE_EXTRA_CA_CERTS;
      expect(ca, name).toBe('/etc/driftwood/tls/ca.crt');
      expect(service.volumes, name).toContain(`./deploy/tls/ca.crt:${ca}:ro`);
      // the image's data dir, the one its non-root user may write (first-run files, queues)
      expect(service.environment?.DRIFTWOOD_DATA, name).toBe('/data');
    }
  });

  it('publishes ports on 127.0.0.1, the indexer beyond it only through DRIFTWOOD_PUBLISH_ADDRESS', () => {
    const ports = Object.entries(compose.services).flatMap(([name, s]) => (s.ports ?? []).map((p) => [name, p]));
    expect(ports.length).toBeGreaterThan(0);
    for (const [name, port] of ports) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own variable syntax, not a template
      if (name === 'indexer') expect(port).toBe('${DRIFTWOOD_PUBLISH_ADDRESS:-127.0.0.1}:9280:9280');
      else expect(port, `${name} ${port}`).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('the indexer configs require API keys and serve HTTPS', () => {
    for (const file of ['deploy/indexer.yml', 'deploy/indexer-kafka.yml']) {
      const config = parseConfigText(read(file), file);
      expect(authModeFor(config, '0.0.0.0:9280'), file).toBe('required');
      expect(config.tls?.cert_file, file).toBe('/etc/driftwood/tls/indexer.crt');
      expect(config.api_keys, file).toEqual([]);
    }
    const indexer = compose.services.indexer!;
    expect(indexer.volumes).toContain('./deploy/tls/indexer.key:/etc/driftwood/tls/indexer.key:ro');
  });

  it('the shipper ships over verified HTTPS with a key it reads from the environment compose passes', () => {
    const config = parseShipperConfig(read('deploy/shipper.yml'), 'deploy/shipper.yml');
    const output = config.output as unknown as {
      url: string;
      api_key_env?: string;
      ssl?: { certificate_authorities: string[] };
    };
    expect(output.url).toMatch(/^https:\/\/indexer:9280/);
    expect(output.ssl?.certificate_authorities).toEqual(['/etc/driftwood/tls/ca.crt']);
    expect(output.api_key_env).toBe('DRIFTWOOD_SHIPPER_API_KEY');
    expect(compose.services.shipper?.environment).toHaveProperty('DRIFTWOOD_SHIPPER_API_KEY');
    expect(read('deploy/shipper.yml')).toContain('apikeys create --name shipper --role ingest');
  });

  it('alerting reads its config: no egress exception, the mounted CA trusted', () => {
    const config = readAlertingConfigText(read('deploy/alerting.yml'), 'deploy/alerting.yml');
    expect(config.egress.allow).toEqual([]);
    expect(config.tls.ca_file).toBe('/etc/driftwood/tls/ca.crt');
    const alerting = compose.services.alerting!;
    expect(alerting.command?.slice(0, 3)).toEqual(['alerts', '--config', '/etc/driftwood/alerting.yml']);
    expect(alerting.volumes).toContain('./deploy/alerting.yml:/etc/driftwood/alerting.yml:ro');
  });

  it('the image runs as a non-root user that owns the data dir, and keeps TLS keys out', () => {
    const dockerfile = read('Dockerfile');
    const user = /^USER\s+(\S+)/m.exec(dockerfile)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(dockerfile.indexOf('USER')).toBeLessThan(dockerfile.indexOf('ENTRYPOINT'));
    expect(dockerfile).toMatch(/chown -R node:node \/data/);
    expect(read('.dockerignore')).toMatch(/^deploy\/tls\/\*\.key$/m);
  });
});
