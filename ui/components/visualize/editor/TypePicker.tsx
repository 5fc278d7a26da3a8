/** The chart type picker: one button per type, the current one pressed. */
import type { PanelType } from '@driftwood/core';
import { CHART_TYPES } from '../../../lib/visualize/model.ts';

export function TypePicker({ value, onChange }: { value: PanelType; onChange: (type: PanelType) => void }) {
  return (
    <div className="viz-type-picker" role="toolbar" aria-label="Chart type" data-testid="chart-types">
      {CHART_TYPES.map((t) => (
        <button
          type="button"
          key={t.type}
          aria-pressed={value === t.type}
          className={value === t.type ? 'primary' : undefined}
          data-testid={`chart-type-${t.type}`}
          onClick={() => onChange(t.type)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
