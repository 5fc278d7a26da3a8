import { describe, expect, it } from 'vitest';
import { getPipeline } from './index.ts';

describe('logfmt pipeline', () => {
  it('maps level, msg, time and keeps other keys', () => {
    expect(
      getPipeline('logfmt').parse('time=2026-11-25T10:00:00Z level=error msg="db down" component=db retries=3', {
        receivedAt: new Date('2026-11-25T12:00:00Z'),
      }),
    ).toMatchObject({
      '@timestamp': '2026-11-25T10:00:00.000Z',
      log: { level: 'error' },
      message: 'db down',
      component: 'db',
      retries: 3,
      event: { dataset: 'app' },
    });
  });
});
