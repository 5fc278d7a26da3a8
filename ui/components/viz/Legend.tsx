/** A chart's legend: a swatch and the label (as text) per series or slice. */
export interface LegendItem {
  key: string;
  label: string;
  color: string;
}

export function Legend({ items, position }: { items: readonly LegendItem[]; position: 'right' | 'bottom' }) {
  return (
    <ul className={`viz-legend viz-legend-${position}`} data-testid="panel-legend">
      {items.map((item) => (
        <li key={item.key} title={item.label}>
          <i style={{ background: item.color }} />
          <span>{item.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** Where the legend goes: the panel's option, else at the bottom when there is more than one item. */
export function legendPosition(
  option: 'right' | 'bottom' | 'none' | undefined,
  items: number,
): 'right' | 'bottom' | 'none' {
  if (option) return option;
  return items > 1 ? 'bottom' : 'none';
}

/** Pixels a bottom legend takes at most (two rows; more scroll): `.viz-legend-bottom` in globals.css. */
export const BOTTOM_LEGEND_PX = 40;

/**
 * A chart's plot height before the browser lays it out (server render, first paint): the chart's
 * height less a bottom legend. In the page the plot fills what the legend leaves (flex).
 */
export function plotHeight(height: number, position: 'right' | 'bottom' | 'none'): number {
  return position === 'bottom' ? Math.max(40, height - BOTTOM_LEGEND_PX - 4) : height;
}

export function NoResults() {
  return (
    <div className="viz-empty" data-testid="panel-empty">
      No results
    </div>
  );
}
