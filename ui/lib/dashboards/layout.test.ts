import type { DashboardPanel } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { applyGridLayout, groupPanels, rowOffset, setSectionCollapsed, toGridLayout } from './layout.ts';

const panel = (id: string, grid: DashboardPanel['grid'], section?: string): DashboardPanel => ({
  id,
  type: 'markdown',
  title: id,
  options: { markdown: id },
  grid,
  ...(section ? { section } : {}),
});

const a = panel('a', { x: 0, y: 0, w: 6, h: 4 });
const b = panel('b', { x: 6, y: 0, w: 6, h: 4 }, 's1');
const c = panel('c', { x: 0, y: 0, w: 12, h: 8 }, 's2');

describe('panels ⇄ grid layout', () => {
  it('groups the loose panels first, then each section in order', () => {
    const groups = groupPanels({
      panels: [b, a, c],
      sections: [
        { id: 's2', title: 'Two' },
        { id: 's1', title: 'One', collapsed: true },
      ],
    });
    expect(groups.map((g) => [g.section?.id, g.panels.map((p) => p.id)])).toEqual([
      [undefined, ['a']],
      ['s2', ['c']],
      ['s1', ['b']],
    ]);
    expect(groupPanels({ panels: [b] }).map((g) => g.panels.map((p) => p.id))).toEqual([['b']]);
    expect(groupPanels({ panels: [], sections: [{ id: 's', title: 'S' }] })).toHaveLength(1);
  });

  it('makes a static layout for viewing and a movable one for editing', () => {
    expect(toGridLayout([a], false)).toEqual([{ i: 'a', x: 0, y: 0, w: 6, h: 4, minW: 2, minH: 2, static: true }]);
    expect(toGridLayout([a], true)[0]?.static).toBeUndefined();
  });

  it('writes the moved and resized places back, whole and within the columns', () => {
    const layout = [
      { i: 'a', x: 3, y: 2, w: 6, h: 4 },
      { i: 'b', x: 20.4, y: 0, w: 8, h: 5.6 },
    ];
    const next = applyGridLayout([a, b, c], layout, 24);
    expect(next.map((p) => p.grid)).toEqual([{ x: 3, y: 2, w: 6, h: 4 }, { x: 16, y: 0, w: 8, h: 6 }, c.grid]);
    expect(next[2]).toBe(c);
    expect(a.grid).toEqual({ x: 0, y: 0, w: 6, h: 4 });
    const same = [a, b];
    expect(applyGridLayout(same, toGridLayout(same, true))).toBe(same);
    expect(applyGridLayout([a], [{ i: 'a', x: 0, y: 0, w: 40, h: 4 }], 12)[0]?.grid).toEqual({
      x: 0,
      y: 0,
      w: 12,
      h: 4,
    });
  });

  it("shifts a section's grid up by its first row and back, so untouched panels keep their rows", () => {
    const lower = [panel('u', { x: 0, y: 25, w: 12, h: 10 }, 's'), panel('v', { x: 12, y: 35, w: 12, h: 10 }, 's')];
    const offset = rowOffset(lower);
    expect(offset).toBe(25);
    expect(rowOffset([])).toBe(0);
    const shown = toGridLayout(lower, true, offset);
    expect(shown.map((l) => l.y)).toEqual([0, 10]);
    expect(applyGridLayout(lower, shown, 24, offset)).toBe(lower);
    const moved = applyGridLayout(
      lower,
      [{ ...shown[1], y: 0, x: 0 } as (typeof shown)[number], shown[0] as (typeof shown)[number]],
      24,
      offset,
    );
    expect(moved.map((p) => p.grid.y)).toEqual([25, 25]);
  });

  it('collapses and opens a section (opened carries no flag)', () => {
    const d = {
      sections: [
        { id: 's1', title: 'One' },
        { id: 's2', title: 'Two' },
      ],
    };
    const closed = setSectionCollapsed(d, 's1', true);
    expect(closed.sections).toEqual([
      { id: 's1', title: 'One', collapsed: true },
      { id: 's2', title: 'Two' },
    ]);
    expect(setSectionCollapsed(closed, 's1', false)).toEqual(d);
  });
});
