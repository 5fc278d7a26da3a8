/** The gauge: a half-circle arc with the thresholds' bands, the value's arc in its threshold colour, the value in the middle. */
import type { GaugeData } from '../../lib/viz/metric.ts';
import { formatUnit, type PanelUnit } from '../../lib/viz/units.ts';

const COLORS = { green: 'var(--viz-good)', yellow: 'var(--viz-warn)', red: 'var(--viz-bad)' } as const;
const CX = 100;
const CY = 100;

/** An SVG arc along the half circle from fraction a to b (0 = left, 1 = right). */
export function arcPath(a: number, b: number, r: number): string {
  const point = (f: number) => {
    const angle = Math.PI * (1 - f);
    return `${(CX + r * Math.cos(angle)).toFixed(2)} ${(CY - r * Math.sin(angle)).toFixed(2)}`;
  };
  return `M ${point(a)} A ${r} ${r} 0 0 1 ${point(b)}`;
}

export function GaugeView({
  gauge,
  label,
  unit,
  height,
}: {
  gauge: GaugeData;
  label: string;
  unit?: PanelUnit;
  height: number;
}) {
  const text = formatUnit(gauge.value, unit);
  return (
    <div className="viz-gauge" style={{ height }}>
      <svg viewBox="0 0 200 120" role="img" aria-label={`${label}: ${text}`} data-testid="gauge">
        <path d={arcPath(0, 1, 80)} stroke="var(--panel-2)" strokeWidth={18} fill="none" />
        {gauge.bands.map((b) =>
          b.to > b.from ? (
            <path
              key={`${b.from}-${b.color}`}
              d={arcPath(b.from, b.to, 94)}
              stroke={COLORS[b.color]}
              strokeWidth={5}
              fill="none"
              data-band={b.color}
            />
          ) : null,
        )}
        {gauge.fraction > 0 ? (
          <path
            d={arcPath(0, gauge.fraction, 80)}
            stroke={gauge.color ? COLORS[gauge.color] : 'var(--viz-1)'}
            strokeWidth={18}
            fill="none"
            data-testid="gauge-arc"
            data-color={gauge.color ?? ''}
          />
        ) : null}
        <text x={CX} y={CY - 8} textAnchor="middle" className="viz-gauge-value" data-testid="gauge-value">
          {text}
        </text>
        <text x={CX - 80} y={CY + 16} textAnchor="middle" className="viz-gauge-scale">
          {formatUnit(gauge.min, unit)}
        </text>
        <text x={CX + 80} y={CY + 16} textAnchor="middle" className="viz-gauge-scale">
          {formatUnit(gauge.max, unit)}
        </text>
      </svg>
      <div className="viz-metric-label">{label}</div>
    </div>
  );
}
