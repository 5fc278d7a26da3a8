import { describe, expect, it } from 'vitest';
import { getPipeline } from './index.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');

describe('ssh pipeline', () => {
  const p = getPipeline('ssh');
  it.each([
    [
      'Dec 10 09:32:20 LabSZ sshd[24680]: Accepted password for fztu from 119.137.62.142 port 49116 ssh2',
      'success',
      'fztu',
      '119.137.62.142',
      49116,
    ],
    [
      'Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2',
      'failure',
      'webmaster',
      '173.234.31.186',
      38926,
    ],
    [
      'Dec 10 07:07:38 LabSZ sshd[24206]: Failed password for root from 52.80.34.196 port 36060 ssh2',
      'failure',
      'root',
      '52.80.34.196',
      36060,
    ],
    [
      'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186',
      'failure',
      'webmaster',
      '173.234.31.186',
      undefined,
    ],
    [
      'Dec 10 07:02:47 LabSZ sshd[24203]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.76.dynamic-dsl-ip.omantel.net.om  user=root',
      'failure',
      'root',
      undefined,
      undefined,
    ],
  ])('%s', (line, outcome, user, ip, port) => {
    const doc = p.parse(line, { receivedAt });
    expect(doc).toMatchObject({
      event: { dataset: 'system.auth', outcome },
      user: { name: user },
      host: { hostname: 'LabSZ' },
      process: { name: 'sshd' },
    });
    expect((doc.source as { ip?: string } | undefined)?.ip).toBe(ip);
    expect((doc.source as { port?: number } | undefined)?.port).toBe(port);
    expect(doc['@timestamp']).toMatch(/^2025-12-10T/);
  });
});
