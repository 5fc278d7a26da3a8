import { describe, expect, it } from 'vitest';
import { formatDashboard } from './format.ts';
import { validateDashboard } from './parse.ts';
import type { Dashboard } from './schema.ts';

const parse = (v: unknown): Dashboard => {
  const r = validateDashboard(v);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.dashboard;
};

describe('formatDashboard', () => {
  const scrambled = {
    panels: [
      {
        data: { buckets: [{ size: 5, field: 'host.name', type: 'terms' }], metrics: [{ type: 'count', id: 'c' }] },
        type: 'bar',
        grid: { h: 4, w: 6, y: 0, x: 0 },
        title: 'By host',
        id: 'hosts',
      },
    ],
    tags: ['a', 'b'],
    title: 'T',
    id: 'd',
  };

  it('writes keys in canonical order, 2-space indent, short plain arrays inline, a trailing newline', () => {
    expect(formatDashboard(parse(scrambled))).toBe(
      `{
  "id": "d",
  "title": "T",
  "tags": ["a", "b"],
  "panels": [
    {
      "id": "hosts",
      "type": "bar",
      "title": "By host",
      "grid": {
        "x": 0,
        "y": 0,
        "w": 6,
        "h": 4
      },
      "data": {
        "metrics": [
          {
            "id": "c",
            "type": "count"
          }
        ],
        "buckets": [
          {
            "type": "terms",
            "field": "host.name",
            "size": 5
          }
        ]
      }
    }
  ]
}
`,
    );
  });

  it('is stable: formatting the parse of its own output gives the same bytes, whatever the input order', () => {
    const once = formatDashboard(parse(scrambled));
    expect(formatDashboard(parse(JSON.parse(once)))).toBe(once);
    const reversed = JSON.parse(JSON.stringify(scrambled, Object.keys(scrambled).reverse()));
    expect(formatDashboard(parse({ ...reversed, ...scrambled }))).toBe(once);
  });

  it('puts a plain array that does not fit in 120 columns one value a line', () => {
    const tags = Array.from({ length: 12 }, (_, i) => `tag-number-${i}`);
    const text = formatDashboard(parse({ ...scrambled, tags }));
    expect(text).toContain('  "tags": [\n    "tag-number-0",\n');
    expect(text.split('\n').every((l) => l.length <= 120)).toBe(true);
  });
});
