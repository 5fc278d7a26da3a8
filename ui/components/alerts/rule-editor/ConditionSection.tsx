/** What the rule measures and when it breaches: the condition type, query, metric and threshold, then the schedule. */
import type { KqlValidation } from '@driftwood/core';
import type { FormErrors, RuleForm } from '../../../lib/alerts/form.ts';
import { COMPARATORS, METRIC_AGGS } from '../../../lib/alerts/types.ts';
import { Field, type SectionProps } from './Field.tsx';
import { QueryField } from './QueryField.tsx';
import { ScheduleFields } from './ScheduleFields.tsx';

export function ConditionSection(props: SectionProps & { kql: KqlValidation; serverErrors: FormErrors }) {
  const { form, errors, update } = props;
  return (
    <section>
      <h3>Condition</h3>
      <Field label="Type" name="type" errors={errors}>
        <select
          data-testid="condition-type"
          value={form.type}
          onChange={(e) => update({ type: e.target.value as RuleForm['type'] })}
        >
          <option value="count">Count of matching events</option>
          <option value="metric">Metric of a field</option>
          <option value="no_data">No data (nothing matches)</option>
        </select>
      </Field>
      <QueryField {...props} />
      {form.type === 'metric' ? <MetricFields {...props} /> : null}
      {form.type !== 'no_data' ? <ThresholdFields {...props} /> : null}
      <ScheduleFields {...props} />
    </section>
  );
}

function MetricFields({ form, errors, update }: SectionProps) {
  return (
    <div className="row">
      <Field label="Aggregation" name="agg" errors={errors}>
        <select
          data-testid="metric-agg"
          value={form.agg}
          onChange={(e) => update({ agg: e.target.value as RuleForm['agg'] })}
        >
          {METRIC_AGGS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Field"
        name="field"
        errors={errors}
        hint={form.agg === 'cardinality' ? 'any aggregatable field' : 'a numeric field'}
      >
        <input
          data-testid="metric-field"
          className="mono"
          list="alert-fields"
          value={form.field}
          placeholder="event.duration"
          onChange={(e) => update({ field: e.target.value })}
        />
      </Field>
    </div>
  );
}

function ThresholdFields({ form, errors, update }: SectionProps) {
  return (
    <div className="row">
      <Field label="Is" name="comparator" errors={errors}>
        <select
          data-testid="comparator"
          value={form.comparator}
          onChange={(e) => update({ comparator: e.target.value as RuleForm['comparator'] })}
        >
          {COMPARATORS.map((c) => (
            <option key={c} value={c}>
              {c === 'between' ? 'between (inclusive)' : c}
            </option>
          ))}
        </select>
      </Field>
      <Field label={form.comparator === 'between' ? 'Low' : 'Threshold'} name="threshold" errors={errors}>
        <input
          data-testid="threshold"
          className="short"
          inputMode="decimal"
          value={form.threshold}
          onChange={(e) => update({ threshold: e.target.value })}
        />
      </Field>
      {form.comparator === 'between' ? (
        <Field label="High" name="thresholdHigh" errors={errors}>
          <input
            data-testid="threshold-high"
            className="short"
            inputMode="decimal"
            value={form.thresholdHigh}
            onChange={(e) => update({ thresholdHigh: e.target.value })}
          />
        </Field>
      ) : null}
    </div>
  );
}
