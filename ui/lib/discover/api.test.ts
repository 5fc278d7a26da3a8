import { describe, expect, it } from 'vitest';
import { exportHref } from './api.ts';

describe('Discover API', () => {
  it('links an export of the current view in the chosen format', () => {
    const params = new URLSearchParams({ q: 'log.level:error', format: 'x' });
    expect(exportHref('ndjson', params)).toBe('/api/export?q=log.level%3Aerror&format=ndjson');
    expect(params.get('format')).toBe('x');
  });
});
