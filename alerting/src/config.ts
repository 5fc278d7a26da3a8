/**
 * The alerting service's own settings: the egress policy of alert actions and the CA its TLS
 * connections (HTTPS webhooks, SMTP over TLS / STARTTLS) trust besides the system roots.
 * Validated once at start (`loadAlertingConfig`), then frozen. TLS is always verified.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { DriftwoodError, hostPortSchema, loadConfig } from '@driftwood/core';
import { z } from 'zod';
import { type EgressConfig, EgressPolicy, type EgressPolicyOptions, egressConfigSchema } from './notify/egress.ts';

export const tlsConfigSchema = z
  .strictObject({
    ca_file: z
      .string()
      .min(1)
      .optional()
      .describe('PEM file of CA certificates trusted for HTTPS webhooks and SMTP, in addition to the system roots'),
  })
  .describe('TLS of alert actions (always verified)');

export const httpConfigSchema = z
  .strictObject({
    listen: hostPortSchema()
      .optional()
      .describe('Address of `GET /metrics` (Prometheus) and `GET /health`, e.g. `127.0.0.1:9284`; none when unset'),
  })
  .describe("The service's own HTTP endpoint: its metrics and health (read-only, no rule or notification data)");

export const alertingConfigSchema = z
  .strictObject({
    egress: egressConfigSchema.default({ allow: [] }),
    tls: tlsConfigSchema.default({}),
    http: httpConfigSchema.default({}),
  })
  .describe('Alerting service config (`driftwood alerts --config FILE`, or DRIFTWOOD_ALERTING_CONFIG)');

export type AlertingConfig = z.infer<typeof alertingConfigSchema>;
export type TlsConfig = z.infer<typeof tlsConfigSchema>;
export type HttpConfig = z.infer<typeof httpConfigSchema>;
export type { EgressConfig };

/** What the channels connect with: the egress policy and the CAs to trust. */
export interface Connections {
  egress: EgressPolicy;
  /** The system roots plus `tls.ca_file`; undefined means the system roots alone. */
  ca?: string[];
}

/**
 * Reads an alerting config file (YAML or JSON), e.g.
 * `egress: { allow: ['10.0.0.0/8', 'mail.internal'] }` and `tls: { ca_file: /etc/driftwood/ca.pem }`.
 * Throws CONFIG_INVALID naming every problem with its line.
 */
export function readAlertingConfig(file: string): Readonly<AlertingConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DriftwoodError('CONFIG_INVALID', `cannot read the alerting config ${file}`, { cause: error });
  }
  const config = loadConfig(alertingConfigSchema, text, { file });
  loadCa(config.tls); // a CA file that cannot be read is a config error at start, not at the first delivery
  return config;
}

/** Reads the CA file of `tls` (once, at start): the system roots plus its certificates. */
export function loadCa(tls: TlsConfig | undefined): string[] | undefined {
  if (!tls?.ca_file) return undefined;
  let pem: string;
  try {
    pem = readFileSync(tls.ca_file, 'utf8');
  } catch (error) {
    throw new DriftwoodError('CONFIG_INVALID', `tls.ca_file: cannot read ${tls.ca_file}`, { cause: error });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new DriftwoodError('CONFIG_INVALID', `tls.ca_file: ${tls.ca_file} holds no PEM certificate`);
  return [...rootCertificates, pem];
}

/** The validated config as the channels use it. */
export function connectionsFor(
  config: { egress?: EgressConfig; tls?: TlsConfig } = {},
  options: EgressPolicyOptions = {},
): Connections {
  const parsed = alertingConfigSchema.parse({ egress: config.egress, tls: config.tls });
  return Object.freeze({ egress: new EgressPolicy(parsed.egress, options), ca: loadCa(parsed.tls) });
}
