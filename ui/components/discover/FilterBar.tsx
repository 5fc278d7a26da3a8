/** Removable filter pills (click the text to invert), combined with the query by `and`. */
import { filterLabel } from '../../lib/discover/filters.ts';
import type { Filter } from '../../lib/discover/state.ts';

export function FilterBar({
  filters,
  onRemove,
  onInvert,
  onClear,
}: {
  filters: readonly Filter[];
  onRemove: (index: number) => void;
  onInvert: (index: number) => void;
  onClear: () => void;
}) {
  return (
    <div className="filterbar" data-testid="filter-bar">
      <span className="label">Filters</span>
      {filters.length === 0 ? (
        <span className="muted" style={{ fontSize: 12 }}>
          none — add from the field list or a document
        </span>
      ) : null}
      {filters.map((f, i) => (
        <span
          key={`${f.op}:${f.field}:${f.value ?? ''}`}
          className={f.negate ? 'pill negated' : 'pill'}
          data-testid="filter-pill"
        >
          <button type="button" title="Invert this filter" onClick={() => onInvert(i)}>
            {filterLabel(f)}
          </button>
          <button type="button" aria-label={`Remove filter ${filterLabel(f)}`} onClick={() => onRemove(i)}>
            ×
          </button>
        </span>
      ))}
      {filters.length > 1 ? (
        <button type="button" className="link" onClick={onClear}>
          Clear all
        </button>
      ) : null}
    </div>
  );
}
