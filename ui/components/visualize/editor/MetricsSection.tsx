/** The metrics list: add, remove, type, field (only suitable ones), percents, label. */
import type { PanelMetric } from '@driftwood/core';
import { useEffect, useState } from 'react';
import {
  addMetric,
  type EditorState,
  type FieldLike,
  fieldsForMetric,
  METRIC_TYPES,
  type MetricType,
  parsePercents,
  removeMetric,
  updateMetric,
} from '../../../lib/visualize/model.ts';
import { errorsFor, type FormError } from '../../../lib/visualize/validate.ts';
import { Errors } from './Errors.tsx';
import { FieldSelect } from './FieldSelect.tsx';

const MAX_METRICS = 10;

interface Props {
  metrics: readonly PanelMetric[];
  fields: readonly FieldLike[];
  errors: readonly FormError[];
  edit: (f: (s: EditorState) => EditorState) => void;
}

function PercentsInput({ percents, onChange }: { percents: number[]; onChange: (p: number[]) => void }) {
  const [text, setText] = useState(percents.join(', '));
  useEffect(
    () => setText((t) => (parsePercents(t)?.join(',') === percents.join(',') ? t : percents.join(', '))),
    [percents],
  );
  const bad = parsePercents(text) === undefined;
  return (
    <label className="viz-inline">
      <span>Percents</span>
      <input
        value={text}
        data-testid="metric-percents"
        className={bad ? 'invalid' : undefined}
        aria-invalid={bad}
        onChange={(e) => {
          setText(e.target.value);
          const p = parsePercents(e.target.value);
          if (p) onChange(p);
        }}
      />
    </label>
  );
}

export function MetricsSection({ metrics, fields, errors, edit }: Props) {
  return (
    <section className="viz-section" data-testid="metrics-section">
      <h3>Metrics</h3>
      <Errors errors={errorsFor(errors, 'metrics', null)} />
      {metrics.map((m, i) => (
        <div className="viz-item" key={m.id} data-testid="metric" data-metric-id={m.id}>
          <label className="viz-inline">
            <span>Aggregation</span>
            <select
              value={m.type}
              data-testid="metric-type"
              onChange={(e) => edit((s) => updateMetric(s, i, { type: e.target.value as MetricType }, fields))}
            >
              {METRIC_TYPES.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          {'field' in m ? (
            <FieldSelect
              value={m.field}
              fields={fieldsForMetric(m.type, fields)}
              testId="metric-field"
              onChange={(field) => edit((s) => updateMetric(s, i, { field }, fields))}
            />
          ) : null}
          {m.type === 'percentiles' ? (
            <PercentsInput
              percents={m.percents}
              onChange={(percents) => edit((s) => updateMetric(s, i, { percents }))}
            />
          ) : null}
          <label className="viz-inline">
            <span>Label</span>
            <input
              value={m.label ?? ''}
              placeholder="(automatic)"
              data-testid="metric-label"
              onChange={(e) => edit((s) => updateMetric(s, i, { label: e.target.value }))}
            />
          </label>
          <button
            type="button"
            className="icon"
            title="Remove metric"
            aria-label="Remove metric"
            data-testid="remove-metric"
            onClick={() => edit((s) => removeMetric(s, i))}
          >
            ×
          </button>
          <Errors errors={errorsFor(errors, 'metrics', i)} />
        </div>
      ))}
      <button
        type="button"
        data-testid="add-metric"
        disabled={metrics.length >= MAX_METRICS}
        onClick={() => edit((s) => addMetric(s))}
      >
        + Add metric
      </button>
    </section>
  );
}
