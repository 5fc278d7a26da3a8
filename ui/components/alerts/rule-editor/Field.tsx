/** The editor's building blocks: a labelled field with its error or hint, and a duration input. */
import type { ReactNode } from 'react';
import type { FormErrors, RuleForm } from '../../../lib/alerts/form.ts';

/** What every section gets: the form, the errors to show, and the way to change the form. */
export interface SectionProps {
  form: RuleForm;
  errors: FormErrors;
  update: (patch: Partial<RuleForm>) => void;
}

export function Field({
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

export function DurationInput({
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
