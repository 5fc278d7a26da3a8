import { describe, expect, it } from 'vitest';
import { ApiError } from '../http.ts';
import { readVisualizeLink } from './from-discover.ts';
import { saveErrors, visualizationHref } from './save.ts';

describe('saving', () => {
  it('reads the server’s validation lines of a refused save', () => {
    const refused = new ApiError(400, {
      code: 'INPUT_INVALID',
      message: 'invalid visualization',
      details: { errors: ['visualization: title: Too small', 3] },
    });
    expect(saveErrors(refused)).toEqual(['visualization: title: Too small']);
    expect(saveErrors(new ApiError(500, { code: 'INTERNAL', message: 'x' }))).toEqual([]);
    expect(saveErrors(new Error('x'))).toEqual([]);
  });

  it('links the stored visualization, with its time range when it is not the default', () => {
    expect(visualizationHref('viz-1', { from: 'now-24h', to: 'now' })).toBe('/visualize/viz-1');
    const href = visualizationHref('a b', { from: '2026-01-01T00:00:00.000Z', to: 'now' });
    expect(href.startsWith('/visualize/a%20b?')).toBe(true);
    expect(readVisualizeLink(new URLSearchParams(href.split('?')[1])).time).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: 'now',
    });
  });
});
