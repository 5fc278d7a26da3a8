import { describe, expect, it } from 'vitest';
import { assignColors, paletteColor, stepColor } from './colors.ts';
import type { PathStep } from './paths.ts';

const term = (field: string, key: string): PathStep => ({
  level: 0,
  bucket: { type: 'terms', field, size: 5 },
  kind: 'term',
  key,
  label: key,
  count: 1,
});

describe('colours', () => {
  it("gives log levels (and syslog severities) Discover's colours, Other and (missing) greys", () => {
    expect(stepColor([term('log.level', 'ERROR')])).toBe('#e7664c');
    expect(stepColor([term('log.syslog.severity.name', 'warning')])).toBe('#d6a35c');
    expect(stepColor([{ ...term('log.level', 'x'), kind: 'other' }])).toBe('var(--viz-other)');
    expect(stepColor([{ ...term('host.name', 'x'), kind: 'missing' }])).toBe('var(--viz-missing)');
    expect(stepColor([term('host.name', 'a')])).toBeUndefined();
  });

  it('takes the palette in order for the rest, wrapping after 10', () => {
    expect(assignColors([[term('host.name', 'a')], [term('log.level', 'info')], [term('host.name', 'b')]])).toEqual([
      'var(--viz-1)',
      '#54b399',
      'var(--viz-2)',
    ]);
    expect(paletteColor(10)).toBe('var(--viz-1)');
  });
});
