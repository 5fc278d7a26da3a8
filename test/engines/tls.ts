/**
 * Test certificates for TLS endpoints in tests (the indexer, the shipper's outputs, the UI), made
 * with the real `openssl` command when a test asks for them (no private key is kept in the
 * repository): a CA, and a server certificate it signed for `localhost`, `127.0.0.1` and `::1`. `testCertificates()` is undefined when openssl is not installed; the caller skips
 * with one line saying so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

let made: TestCertificates | undefined | null;

export const hasOpenssl = (): boolean => spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
}

export function testCertificates(): TestCertificates | undefined {
  if (made !== undefined) return made ?? undefined;
  if (!hasOpenssl()) {
    made = null;
    return undefined;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/CN=Driftwood test CA'],
    dir,
  );
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(
    path.join(dir, 'server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '3650',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  const file = (name: string) => path.join(dir, name);
  made = {
    dir,
    caFile: file('ca.crt'),
    certFile: file('server.crt'),
    keyFile: file('server.key'),
    ca: readFileSync(file('ca.crt')),
    cert: readFileSync(file('server.crt')),
    key: readFileSync(file('server.key')),
  };
  return made;
}
