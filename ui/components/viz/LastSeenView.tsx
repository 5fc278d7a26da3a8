'use client';
/**
 * "Devices gone silent": a row per value with its last-seen time, how long ago, its usual
 * reporting interval and its event count; silent rows (past threshold_factor × usual interval)
 * come first, highlighted and marked `data-silent="true"`. A row click → a filter on the value.
 */
import type { LastSeenRow } from '@driftwood/store';
import { filterToKql } from '../../lib/discover/filters.ts';
import { formatDurationMs, formatTime } from '../../lib/viz/units.ts';

export interface LastSeenViewProps {
  rows: LastSeenRow[];
  field: string;
  thresholdFactor: number;
  height: number;
  onFilter?: (kql: string, label: string) => void;
}

export function LastSeenView({ rows, field, thresholdFactor, height, onFilter }: LastSeenViewProps) {
  const silent = rows.filter((r) => r.silent).length;
  return (
    <div className="viz-table viz-last-seen" style={{ maxHeight: height + 80 }}>
      <div className="viz-last-seen-summary" data-testid="last-seen-summary" data-silent-count={silent}>
        {silent === 0 ? 'None silent' : `${silent} silent`} · {rows.length} {rows.length === 1 ? 'value' : 'values'}{' '}
        <span className="muted">(silent: not seen for over {thresholdFactor} × the usual interval)</span>
      </div>
      <div className="viz-table-scroll">
        <table>
          <thead>
            <tr>
              <th>{field}</th>
              <th>Last seen</th>
              <th className="num">Ago</th>
              <th className="num">Usual interval</th>
              <th className="num">Events</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const value = String(r.value);
              const filter = () =>
                onFilter?.(filterToKql({ field, op: 'is', value, negate: false }), `${field}: ${value}`);
              return (
                <tr
                  key={value}
                  data-testid="table-row"
                  data-silent={r.silent ? 'true' : 'false'}
                  className={`${r.silent ? 'silent' : ''}${onFilter ? ' clickable' : ''}`}
                  onClick={onFilter ? filter : undefined}
                >
                  <td data-testid="table-cell">
                    {r.silent ? <span className="viz-silent-badge">silent</span> : null}
                    {value}
                  </td>
                  <td className="time" data-testid="table-cell">
                    {formatTime(r.lastSeen)}
                  </td>
                  <td className="num" data-testid="table-cell">
                    {formatDurationMs(r.agoMs)}
                  </td>
                  <td className="num" data-testid="table-cell">
                    {r.usualIntervalMs === null ? '—' : formatDurationMs(r.usualIntervalMs)}
                  </td>
                  <td className="num" data-testid="table-cell">
                    {r.count.toLocaleString('en-US')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
