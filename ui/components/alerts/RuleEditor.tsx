'use client';
/**
 * The rule form (create and edit) with a live preview: every change re-validates (KQL inline,
 * as Discover does) and, once the form is valid and has been still for a moment, re-draws the
 * preview chart. All decisions live in lib/alerts/form.ts; this file renders and wires.
 */
import { validateKql } from '@driftwood/core';
import { useRouter } from 'next/navigation';
import { type ReactNode, useMemo, useState } from 'react';
import { alertsApi, issuesOf } from '../../lib/alerts/api.ts';
import {
  type ActionForm,
  EVERY_CHOICES,
  emptyAction,
  emptyForm,
  type FormErrors,
  formFromRule,
  formToRule,
  issuesToErrors,
  type RuleForm,
  validateForm,
  visibleErrors,
  WINDOW_CHOICES,
} from '../../lib/alerts/form.ts';
import { ACTION_TYPES, COMPARATORS, METRIC_AGGS, type Rule } from '../../lib/alerts/types.ts';
import { api } from '../../lib/discover/api.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { useDebounced } from '../../lib/use-timers.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { PreviewChart } from './PreviewChart.tsx';

const ACTION_LABEL: Record<ActionForm['type'], string> = { webhook: 'Webhook', slack: 'Slack', email: 'Email' };

function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors: FormErrors;
  hint?: ReactNode;
  children: ReactNode;
}) {
  const error = errors[name];
  return (
    <div className={`form-field${error ? ' has-error' : ''}`} data-field={name}>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is the child */}
      <label>
        <span className="label">{label}</span>
        {children}
      </label>
      {error ? (
        <div className="field-error" data-testid={`error-${name}`} role="status">
          {error}
        </div>
      ) : hint ? (
        <div className="hint muted">{hint}</div>
      ) : null}
    </div>
  );
}

function DurationInput({
  value,
  choices,
  onChange,
  testId,
  placeholder,
}: {
  value: string;
  choices: readonly string[];
  onChange: (v: string) => void;
  testId: string;
  placeholder?: string;
}) {
  const list = `${testId}-choices`;
  return (
    <>
      <input
        data-testid={testId}
        value={value}
        list={list}
        placeholder={placeholder}
        spellCheck={false}
        className="short"
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={list}>
        {choices.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
    </>
  );
}

interface Props {
  /** The stored rule when editing; absent when creating. */
  rule?: Rule;
  onSaved?: (rule: Rule) => void;
}

export function RuleEditor({ rule, onSaved }: Props) {
  const router = useRouter();
  const [form, setForm] = useState<RuleForm>(() => (rule ? formFromRule(rule) : emptyForm()));
  const [serverErrors, setServerErrors] = useState<FormErrors>({});
  const [saveError, setSaveError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  /** Form keys the user changed; with `submitted` (or when editing) every error shows. */
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(rule !== undefined);

  const errors = useMemo(() => validateForm(form), [form]);
  const shown: FormErrors = { ...serverErrors, ...visibleErrors(errors, touched, submitted) };
  const kql = useMemo(() => validateKql(form.query), [form.query]);

  const update = (patch: Partial<RuleForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setTouched((t) => new Set([...t, ...Object.keys(patch)]));
    setSaved(false);
    setServerErrors({});
  };
  const updateAction = (i: number, patch: Partial<ActionForm>) =>
    update({ actions: form.actions.map((a, j) => (j === i ? ({ ...a, ...patch } as ActionForm) : a)) });

  // The preview needs everything except the name and the actions.
  const previewForm: RuleForm = { ...form, name: form.name.trim() === '' ? 'preview' : form.name, actions: [] };
  const previewErrors = validateForm(previewForm);
  const previewKey = Object.keys(previewErrors).length === 0 ? JSON.stringify(formToRule(previewForm)) : null;
  const debouncedKey = useDebounced(previewKey, 400);
  const preview = useFetch(debouncedKey, (signal) =>
    alertsApi.preview(JSON.parse(debouncedKey ?? '{}') as Record<string, unknown>, signal),
  );
  const fields = useFetch('fields', (signal) => api.fields(signal));

  const save = async () => {
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      if (rule) {
        const res = await alertsApi.update(rule.id, formToRule(form, { forPatch: true }));
        setSaved(true);
        onSaved?.(res.rule);
      } else {
        const res = await alertsApi.create(formToRule(form));
        router.push(`/alerts/${encodeURIComponent(res.rule.id)}`);
      }
    } catch (error) {
      const issues = issuesOf(error);
      if (issues.length > 0) setServerErrors(issuesToErrors(issues));
      else setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  const conditionHasThreshold = form.type !== 'no_data';

  return (
    <form
      className="rule-editor"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <datalist id="alert-fields">
        {(fields.data?.fields ?? []).map((f) => (
          <option key={f.name} value={f.name}>
            {f.type}
          </option>
        ))}
      </datalist>
      <div className="editor-grid">
        <div className="editor-form">
          <section>
            <h3>Rule</h3>
            <Field label="Name" name="name" errors={shown}>
              <input
                data-testid="rule-name"
                value={form.name}
                placeholder="e.g. Checkout errors"
                onChange={(e) => update({ name: e.target.value })}
              />
            </Field>
            <div className="form-field">
              <label className="toggle">
                <input
                  type="checkbox"
                  data-testid="rule-enabled"
                  checked={form.enabled}
                  onChange={(e) => update({ enabled: e.target.checked })}
                />
                Enabled (evaluated on schedule)
              </label>
            </div>
          </section>

          <section>
            <h3>Condition</h3>
            <Field label="Type" name="type" errors={shown}>
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
            <div className={`form-field${shown.query ? ' has-error' : ''}`} data-field="query">
              <label>
                <span className="label">Query (KQL, empty: all events)</span>
                <input
                  data-testid="rule-query"
                  className={`mono${kql.ok ? '' : ' invalid'}`}
                  value={form.query}
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={!kql.ok}
                  placeholder='e.g. log.level:error and service.name:"checkout"'
                  onChange={(e) => update({ query: e.target.value })}
                />
              </label>
              {!kql.ok ? (
                <div className="kql-error" data-testid="kql-error" role="status">
                  {`${form.query}\n${' '.repeat(Math.max(0, kql.error.column - 1))}^ `}
                  {kql.error.message}
                </div>
              ) : serverErrors.query ? (
                <div className="field-error" data-testid="error-query">
                  {serverErrors.query}
                </div>
              ) : null}
            </div>
            {form.type === 'metric' ? (
              <div className="row">
                <Field label="Aggregation" name="agg" errors={shown}>
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
                  errors={shown}
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
            ) : null}
            {conditionHasThreshold ? (
              <div className="row">
                <Field label="Is" name="comparator" errors={shown}>
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
                <Field label={form.comparator === 'between' ? 'Low' : 'Threshold'} name="threshold" errors={shown}>
                  <input
                    data-testid="threshold"
                    className="short"
                    inputMode="decimal"
                    value={form.threshold}
                    onChange={(e) => update({ threshold: e.target.value })}
                  />
                </Field>
                {form.comparator === 'between' ? (
                  <Field label="High" name="thresholdHigh" errors={shown}>
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
            ) : null}
            <div className="row">
              <Field label="Over the last" name="window" errors={shown}>
                <DurationInput
                  testId="rule-window"
                  value={form.window}
                  choices={WINDOW_CHOICES}
                  onChange={(v) => update({ window: v })}
                />
              </Field>
              <Field label="Check every" name="every" errors={shown}>
                <DurationInput
                  testId="rule-every"
                  value={form.every}
                  choices={EVERY_CHOICES}
                  onChange={(v) => update({ every: v })}
                />
              </Field>
              <Field label="Delay" name="delay" errors={shown} hint="for late events">
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
              <Field label="Group by (one alert per value)" name="groupBy" errors={shown}>
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
                <Field label="Top groups" name="groupLimit" errors={shown}>
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
              <Field label="Fire after" name="for" errors={shown} hint="consecutive breaching evaluations">
                <input
                  data-testid="rule-for"
                  className="short"
                  inputMode="numeric"
                  value={form.for}
                  onChange={(e) => update({ for: e.target.value })}
                />
              </Field>
              <Field label="Re-notify every" name="renotify" errors={shown} hint="while firing; empty: never">
                <DurationInput
                  testId="rule-renotify"
                  value={form.renotify}
                  choices={['15m', '30m', '1h', '4h', '1d']}
                  placeholder="never"
                  onChange={(v) => update({ renotify: v })}
                />
              </Field>
            </div>
          </section>

          <section>
            <h3>Notifications</h3>
            {form.actions.length === 0 ? (
              <p className="muted">No actions: the rule is evaluated and shown here, but nobody is told.</p>
            ) : null}
            {form.actions.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: actions have no identity until saved
              <div className="action-card" key={i} data-testid="action" data-type={a.type}>
                <div className="action-head">
                  <strong>{ACTION_LABEL[a.type]}</strong>
                  <span className="spacer" />
                  <button
                    type="button"
                    className="link"
                    data-testid="remove-action"
                    onClick={() => update({ actions: form.actions.filter((_, j) => j !== i) })}
                  >
                    Remove
                  </button>
                </div>
                {a.type === 'email' ? (
                  <>
                    <Field label="To" name={`actions.${i}.to`} errors={shown} hint="addresses, comma separated">
                      <input
                        data-testid="action-to"
                        value={a.to}
                        placeholder="ops@example.com"
                        onChange={(e) => updateAction(i, { to: e.target.value })}
                      />
                    </Field>
                    <Field label="Subject" name={`actions.${i}.subject`} errors={shown} hint="optional template">
                      <input
                        data-testid="action-subject"
                        value={a.subject}
                        placeholder="[{{state}}] {{rule.name}}"
                        onChange={(e) => updateAction(i, { subject: e.target.value })}
                      />
                    </Field>
                  </>
                ) : (
                  <Field
                    label={a.type === 'slack' ? 'Slack incoming webhook URL' : 'URL (receives a JSON POST)'}
                    name={`actions.${i}.url`}
                    errors={shown}
                    hint={
                      a.url.includes('[secret]')
                        ? '[secret] keeps the stored value; retype the URL to change it'
                        : undefined
                    }
                  >
                    <input
                      data-testid="action-url"
                      className="mono"
                      value={a.url}
                      placeholder={a.type === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://…'}
                      onChange={(e) => updateAction(i, { url: e.target.value })}
                    />
                  </Field>
                )}
                {a.type === 'webhook' ? (
                  <Field
                    label="Headers"
                    name={`actions.${i}.headers`}
                    errors={shown}
                    hint="optional, Name: value per line; a stored value shows as [secret] and is kept as long as it stays so"
                  >
                    <textarea
                      data-testid="action-headers"
                      className="mono"
                      rows={2}
                      value={a.headers}
                      onChange={(e) => updateAction(i, { headers: e.target.value })}
                    />
                  </Field>
                ) : null}
              </div>
            ))}
            <div className="add-actions">
              {ACTION_TYPES.map((t) => (
                <button
                  type="button"
                  key={t}
                  data-testid={`add-${t}`}
                  onClick={() => update({ actions: [...form.actions, emptyAction(t)] })}
                >
                  + {ACTION_LABEL[t]}
                </button>
              ))}
            </div>
            <Field
              label="Message"
              name="message"
              errors={shown}
              hint="optional; {{rule.name}} {{value}} {{threshold}} {{group}} {{link}} …"
            >
              <textarea
                data-testid="rule-message"
                rows={2}
                value={form.message}
                placeholder="default: FIRING: {{rule.name}} — count is 42 (threshold > 10) …"
                onChange={(e) => update({ message: e.target.value })}
              />
            </Field>
          </section>
        </div>

        <div className="editor-side">
          <PreviewChart preview={preview.data?.preview} loading={preview.loading || debouncedKey !== previewKey} />
          {preview.error && debouncedKey === previewKey ? (
            <ErrorMessage error={preview.error} onRetry={preview.retry} title="The preview failed" />
          ) : null}
          {shown.form ? (
            <div className="field-error" data-testid="error-form">
              {shown.form}
            </div>
          ) : null}
          {saveError ? <ErrorMessage error={saveError} title="The rule was not saved" /> : null}
          <div className="editor-buttons">
            <button type="submit" className="primary" data-testid="save-rule" disabled={saving}>
              {saving ? 'Saving…' : rule ? 'Save changes' : 'Create rule'}
            </button>
            {saved ? (
              <span className="muted" data-testid="saved">
                Saved
              </span>
            ) : null}
            {submitted && Object.keys(errors).length > 0 ? (
              <span className="field-error">Fix the marked fields to save.</span>
            ) : null}
          </div>
        </div>
      </div>
    </form>
  );
}
