'use client';
/** Pie and donut charts (recharts): a slice per bucket, a click → its KQL, tooltips and legend with the value and share. */
import { Cell, Pie, PieChart, Tooltip } from 'recharts';
import { clickFilter } from '../../lib/viz/click-filter.ts';
import type { Slice } from '../../lib/viz/slices.ts';
import { formatNumber, formatUnit, type PanelUnit } from '../../lib/viz/units.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { legendPosition } from './Legend.tsx';

export interface PieViewProps {
  slices: Slice[];
  donut: boolean;
  unit?: PanelUnit;
  legend?: 'right' | 'bottom' | 'none';
  labels?: boolean;
  height: number;
  onFilter?: (kql: string, label: string) => void;
}

/** Radii as shares of the plot's half of its shorter side: the pie fits whatever the legend leaves it. */
const RADIUS = '90%';
const INNER_RADIUS = '50%';

export function PieView({ slices, donut, unit, legend, labels, height, onFilter }: PieViewProps) {
  const position = legendPosition(legend ?? 'right', slices.length);
  const click = (index: number) => {
    const s = slices[index];
    const f = s ? clickFilter(s.steps) : undefined;
    if (f && onFilter) onFilter(f.kql, f.label);
  };
  return (
    <ChartFrame
      position={position}
      height={height}
      initialWidth={400}
      data={{ 'data-chart-type': donut ? 'donut' : 'pie', 'data-slices': slices.length }}
      legend={slices.map((s) => ({ key: s.key, color: s.color, label: `${s.label} · ${formatNumber(s.percent)} %` }))}
    >
      <PieChart>
        <Pie
          data={slices}
          dataKey="value"
          nameKey="label"
          outerRadius={RADIUS}
          innerRadius={donut ? INNER_RADIUS : 0}
          isAnimationActive={false}
          onClick={(_, index) => click(index)}
          label={labels ? (p: { percent?: number }) => `${formatNumber((p.percent ?? 0) * 100)} %` : false}
          stroke="var(--panel)"
        >
          {slices.map((s) => (
            <Cell key={s.key} fill={s.color} cursor={onFilter && clickFilter(s.steps) ? 'pointer' : undefined} />
          ))}
        </Pie>
        <Tooltip
          isAnimationActive={false}
          formatter={(v, _name, item) => {
            const share = (item?.payload as Slice | undefined)?.percent ?? 0;
            return `${formatUnit(Number(v), unit)} (${formatNumber(share)} %)`;
          }}
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
        />
      </PieChart>
    </ChartFrame>
  );
}
