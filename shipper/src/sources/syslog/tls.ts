/** TLS for the syslog TCP listener (RFC 5425): server options from the `tls:` PEM files. */
import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';
import type { SyslogConfig } from './config.ts';

/** With `ca`, clients must present a certificate it signed. */
export function tlsServerOptions(tls: NonNullable<SyslogConfig['tls']>): TlsOptions {
  return {
    cert: readFileSync(tls.cert),
    key: readFileSync(tls.key),
    ...(tls.ca ? { ca: readFileSync(tls.ca), requestCert: true, rejectUnauthorized: true } : {}),
  };
}
