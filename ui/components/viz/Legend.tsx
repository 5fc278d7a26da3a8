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

export function NoResults() {
  return (
    <div className="viz-empty" data-testid="panel-empty">
      No results
    </div>
  );
}
