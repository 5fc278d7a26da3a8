'use client';
/** The rule's value per slot over the last 24 h (a line per group) against the threshold line(s). */
import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatSlot, formatValue, previewChart, yDomain } from '../../lib/alerts/series.ts';
import type { Preview } from '../../lib/alerts/types.ts';
import { formatTimestamp } from '../../lib/discover/time.ts';

export function PreviewChart({ preview, loading }: { preview?: Preview; loading: boolean }) {
  const chart = useMemo(() => (preview ? previewChart(preview) : undefined), [preview]);
  const domain = useMemo(() => (chart ? yDomain(chart) : undefined), [chart]);
  return (
    <div
      className="preview-chart"
      data-testid="preview-chart"
      data-points={chart?.points ?? ''}
      data-series={chart?.series.length ?? ''}
      data-breaches={chart?.breaches ?? ''}
      data-loading={loading ? '1' : '0'}
    >
      <div className="preview-head">
        <strong>Preview · last 24 h</strong>
        {preview && chart ? (
          <span className="muted" data-testid="preview-summary">
            {preview.measure} per {Math.round(preview.windowMs / 60_000)} min window, threshold {preview.threshold} ·{' '}
            <span className={chart.breaches > 0 ? 'breach-text' : undefined}>
              {chart.breaches} breaching {chart.breaches === 1 ? 'point' : 'points'}
            </span>
            {chart.breachingNow ? <span className="breach-text"> · would fire now</span> : null}
          </span>
        ) : null}
        {loading ? <span className="muted">updating…</span> : null}
      </div>
      <div className="preview-area">
        {chart && chart.rows.length > 0 ? (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={chart.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid vertical={false} strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(v: number) => formatSlot(v)}
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                minTickGap={40}
                stroke="var(--border)"
              />
              <YAxis
                width={52}
                domain={domain}
                tickFormatter={(v: number) => formatValue(v)}
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                stroke="var(--border)"
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(v) => formatTimestamp(Number(v))}
                formatter={(v) => formatValue(typeof v === 'number' ? v : null)}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
              />
              {chart.series.length > 1 ? <Legend wrapperStyle={{ fontSize: 11 }} /> : null}
              {chart.thresholds.map((t) => (
                <ReferenceLine
                  key={t}
                  y={t}
                  stroke="var(--danger)"
                  strokeDasharray="6 3"
                  ifOverflow="extendDomain"
                  label={{
                    value: `threshold ${formatValue(t)}`,
                    position: 'insideTopRight',
                    fill: 'var(--danger)',
                    fontSize: 11,
                  }}
                />
              ))}
              {chart.series.map((s) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  dot={false}
                  strokeWidth={1.6}
                  connectNulls={false}
                  isAnimationActive={false}
                  type="linear"
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        ) : (
          <div className="empty" data-testid="preview-empty">
            {loading
              ? 'Loading the preview…'
              : chart
                ? 'No events match the query in the last 24 h.'
                : 'Fill in the rule to see a preview.'}
          </div>
        )}
      </div>
    </div>
  );
}
