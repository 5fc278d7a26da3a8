/** The options of the current chart type (the schema's per-type options). */
import { PANEL_UNITS, type Visualization } from '@driftwood/core';
import type { ReactNode } from 'react';
import { dataOf, type FieldLike, fieldsForLastSeen } from '../../../lib/visualize/model.ts';
import { errorsFor, type FormError } from '../../../lib/visualize/validate.ts';
import { Errors } from './Errors.tsx';
import { FieldSelect } from './FieldSelect.tsx';

type Options = Record<string, unknown>;

interface Props {
  viz: Visualization;
  fields: readonly FieldLike[];
  errors: readonly FormError[];
  setOptions: (patch: Options) => void;
}

const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));
const shown = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

function Check({
  name,
  label,
  options,
  set,
}: {
  name: string;
  label: string;
  options: Options;
  set: Props['setOptions'];
}) {
  return (
    <label className="viz-check">
      <input
        type="checkbox"
        checked={options[name] === true}
        data-testid={`option-${name}`}
        onChange={(e) => set({ [name]: e.target.checked || undefined })}
      />
      {label}
    </label>
  );
}

function Select({
  name,
  label,
  values,
  options,
  set,
}: {
  name: string;
  label: string;
  values: readonly string[];
  options: Options;
  set: Props['setOptions'];
}) {
  return (
    <label className="viz-inline">
      <span>{label}</span>
      <select
        value={typeof options[name] === 'string' ? (options[name] as string) : ''}
        data-testid={`option-${name}`}
        onChange={(e) => set({ [name]: e.target.value === '' ? undefined : e.target.value })}
      >
        <option value="">(default)</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

function NumberInput({
  name,
  label,
  options,
  set,
  required,
}: {
  name: string;
  label: string;
  options: Options;
  set: Props['setOptions'];
  required?: boolean;
}) {
  return (
    <label className="viz-inline">
      <span>{label}</span>
      <input
        type="number"
        step="any"
        value={shown(options[name])}
        data-testid={`option-${name}`}
        onChange={(e) => set({ [name]: num(e.target.value) ?? (required ? Number.NaN : undefined) })}
      />
    </label>
  );
}

/** Numerator and denominator of a ratio: keys of the filters breakdown. */
function RatioOptions({ viz, options, set }: { viz: Visualization; options: Options; set: Props['setOptions'] }) {
  const keys = (dataOf(viz)?.buckets ?? []).flatMap((b) => (b.type === 'filters' ? b.filters.map((f) => f.key) : []));
  if (keys.length < 2) return null;
  const ratio = options.ratio as { numerator: string; denominator: string } | undefined;
  return (
    <label className="viz-check">
      <input
        type="checkbox"
        checked={ratio !== undefined}
        data-testid="option-ratio"
        onChange={(e) =>
          set({ ratio: e.target.checked ? { numerator: keys[0], denominator: keys[keys.length - 1] } : undefined })
        }
      />
      Ratio
      {ratio ? (
        <>
          <select
            value={ratio.numerator}
            aria-label="Numerator"
            onChange={(e) => set({ ratio: { ...ratio, numerator: e.target.value } })}
          >
            {keys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          ÷
          <select
            value={ratio.denominator}
            aria-label="Denominator"
            onChange={(e) => set({ ratio: { ...ratio, denominator: e.target.value } })}
          >
            {keys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </>
      ) : null}
    </label>
  );
}

type Threshold = { value: number; color: 'green' | 'yellow' | 'red' };

function Thresholds({ options, set }: { options: Options; set: Props['setOptions'] }) {
  const list = (options.thresholds as Threshold[] | undefined) ?? [];
  const put = (next: Threshold[]) => set({ thresholds: next.length > 0 ? next : undefined });
  return (
    <div className="viz-filters" data-testid="option-thresholds">
      <span className="muted">Thresholds</span>
      {list.map((t, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: thresholds are edited in place
        <div className="viz-filter" key={i}>
          <input
            type="number"
            step="any"
            aria-label="Threshold value"
            value={shown(t.value)}
            onChange={(e) =>
              put(list.map((x, j) => (j === i ? { ...x, value: num(e.target.value) ?? Number.NaN } : x)))
            }
          />
          <select
            value={t.color}
            aria-label="Threshold colour"
            onChange={(e) =>
              put(list.map((x, j) => (j === i ? { ...x, color: e.target.value as Threshold['color'] } : x)))
            }
          >
            <option value="green">green</option>
            <option value="yellow">yellow</option>
            <option value="red">red</option>
          </select>
          <button
            type="button"
            className="icon"
            aria-label="Remove threshold"
            onClick={() => put(list.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" onClick={() => put([...list, { value: 0, color: 'red' }])}>
        + Add threshold
      </button>
    </div>
  );
}

export function OptionsSection({ viz, fields, errors, setOptions }: Props) {
  const options: Options = 'options' in viz && viz.options ? (viz.options as Options) : {};
  const o = { options, set: setOptions };
  const unit = <Select name="unit" label="Unit" values={PANEL_UNITS} {...o} />;
  const legend = <Select name="legend" label="Legend" values={['right', 'bottom', 'none']} {...o} />;
  let body: ReactNode;
  switch (viz.type) {
    case 'line':
    case 'area':
    case 'bar':
    case 'bar_horizontal':
      body = (
        <>
          <Check name="stacked" label="Stacked" {...o} />
          <Check name="percent" label="Percent (stack to 100 %)" {...o} />
          {unit}
          {legend}
          <RatioOptions viz={viz} {...o} />
        </>
      );
      break;
    case 'pie':
    case 'donut':
      body = (
        <>
          {unit}
          {legend}
          <Check name="labels" label="Slice labels" {...o} />
        </>
      );
      break;
    case 'metric':
      body = (
        <>
          {unit}
          <Check name="sparkline" label="Sparkline" {...o} />
          <Select name="compare" label="Compare" values={['previous_period', 'none']} {...o} />
          <RatioOptions viz={viz} {...o} />
        </>
      );
      break;
    case 'table':
      body = (
        <>
          {unit}
          <NumberInput name="page_size" label="Rows per page" {...o} />
        </>
      );
      break;
    case 'heatmap':
      body = (
        <>
          {unit}
          {legend}
        </>
      );
      break;
    case 'gauge':
      body = (
        <>
          {unit}
          <NumberInput name="min" label="Min" {...o} />
          <NumberInput name="max" label="Max" {...o} />
          <Thresholds {...o} />
        </>
      );
      break;
    case 'markdown':
      body = (
        <label className="viz-block">
          <span>Markdown (rendered as Markdown, never HTML)</span>
          <textarea
            rows={10}
            value={viz.options.markdown}
            data-testid="option-markdown"
            onChange={(e) => setOptions({ markdown: e.target.value })}
          />
        </label>
      );
      break;
    case 'last_seen':
      body = (
        <>
          <FieldSelect
            label="Values of"
            value={viz.options.field}
            fields={fieldsForLastSeen(fields)}
            testId="option-field"
            onChange={(field) => setOptions({ field })}
          />
          <NumberInput name="threshold_factor" label="Silent after × usual interval" required {...o} />
          <Select name="usual_interval" label="Usual interval" values={['mean_gap', 'median_gap']} {...o} />
          <label className="viz-inline">
            <span>Resolution</span>
            <input
              value={viz.options.resolution ?? ''}
              placeholder="1m"
              data-testid="option-resolution"
              onChange={(e) => setOptions({ resolution: e.target.value.trim() || undefined })}
            />
          </label>
          <NumberInput name="min_events" label="Min events" {...o} />
          <NumberInput name="size" label="Values at most" {...o} />
        </>
      );
      break;
  }
  return (
    <section className="viz-section" data-testid="options-section">
      <h3>Options</h3>
      <div className="viz-options">{body}</div>
      <Errors errors={errorsFor(errors, 'options')} />
    </section>
  );
}
