/** When the rule runs and fires: window, interval, delay, grouping, consecutive breaches, re-notify. */
import { EVERY_CHOICES, WINDOW_CHOICES } from '../../../lib/alerts/form.ts';
import { DurationInput, Field, type SectionProps } from './Field.tsx';

export function ScheduleFields({ form, errors, update }: SectionProps) {
  return (
    <>
      <div className="row">
        <Field label="Over the last" name="window" errors={errors}>
          <DurationInput
            testId="rule-window"
            value={form.window}
            choices={WINDOW_CHOICES}
            onChange={(v) => update({ window: v })}
          />
        </Field>
        <Field label="Check every" name="every" errors={errors}>
          <DurationInput
            testId="rule-every"
            value={form.every}
            choices={EVERY_CHOICES}
            onChange={(v) => update({ every: v })}
          />
        </Field>
        <Field label="Delay" name="delay" errors={errors} hint="for late events">
          <DurationInput
            testId="rule-delay"
            value={form.delay}
            choices={['15s', '30s', '1m', '5m']}
            placeholder="none"
            onChange={(v) => update({ delay: v })}
          />
        </Field>
      </div>
      <div className="row">
        <Field label="Group by (one alert per value)" name="groupBy" errors={errors}>
          <input
            data-testid="group-by"
            className="mono"
            list="alert-fields"
            value={form.groupBy}
            placeholder="none, e.g. host.name"
            onChange={(e) => update({ groupBy: e.target.value })}
          />
        </Field>
        {form.groupBy.trim() !== '' ? (
          <Field label="Top groups" name="groupLimit" errors={errors}>
            <input
              data-testid="group-limit"
              className="short"
              inputMode="numeric"
              value={form.groupLimit}
              onChange={(e) => update({ groupLimit: e.target.value })}
            />
          </Field>
        ) : null}
      </div>
      <div className="row">
        <Field label="Fire after" name="for" errors={errors} hint="consecutive breaching evaluations">
          <input
            data-testid="rule-for"
            className="short"
            inputMode="numeric"
            value={form.for}
            onChange={(e) => update({ for: e.target.value })}
          />
        </Field>
        <Field label="Re-notify every" name="renotify" errors={errors} hint="while firing; empty: never">
          <DurationInput
            testId="rule-renotify"
            value={form.renotify}
            choices={['15m', '30m', '1h', '4h', '1d']}
            placeholder="never"
            onChange={(v) => update({ renotify: v })}
          />
        </Field>
      </div>
    </>
  );
}
