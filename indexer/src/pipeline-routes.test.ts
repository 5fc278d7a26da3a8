import { describe, expect, it } from 'vitest';
import { createPipelineRouter } from './pipeline-routes.ts';

describe('pipeline routes', () => {
  const route = createPipelineRouter(
    [
      { index: 'nginx-*', pipeline: 'nginx' },
      { index: 'logs-*.syslog-*', pipeline: 'syslog' },
      { index: 'raw', pipeline: '_none' },
    ],
    'auto',
  );
  it('prefers the action, then the request, then the first matching pattern, then the default', () => {
    expect(route('nginx-2026', 'json', 'logfmt')).toBe('json');
    expect(route('nginx-2026', undefined, 'logfmt')).toBe('logfmt');
    expect(route('nginx-2026')).toBe('nginx');
    expect(route('logs-host.syslog-default')).toBe('syslog');
    expect(route('raw')).toBe('_none');
    expect(route('rawx')).toBe('auto');
    expect(route('a.b(c)')).toBe('auto');
  });
  it('leaves the choice automatic without a default', () => {
    expect(createPipelineRouter([])('anything')).toBeUndefined();
  });
});
