import { describe, expect, it } from 'vitest';
import { getPipeline } from './index.ts';

describe('syslog pipeline', () => {
  it('parses 5424 and tags garbage', () => {
    const p = getPipeline('syslog');
    expect(
      p.parse('<13>1 2026-11-25T10:00:00.5+01:00 host1 app - - - hello', {
        receivedAt: new Date('2026-11-25T12:00:00Z'),
      }),
    ).toMatchObject({
      '@timestamp': '2026-11-25T09:00:00.500Z',
      log: { level: 'info', syslog: { facility: { name: 'user' }, severity: { name: 'notice' } } },
      host: { name: 'host1' },
      message: 'hello',
      event: { dataset: 'syslog' },
    });
    expect(p.parse('not syslog').tags).toEqual(['_grokparsefailure']);
  });
});
