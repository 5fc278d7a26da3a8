/** The KQL query, with its syntax error under it as Discover shows it (caret at the column). */
import type { KqlValidation } from '@driftwood/core';
import type { FormErrors } from '../../../lib/alerts/form.ts';
import type { SectionProps } from './Field.tsx';

export function QueryField({
  form,
  errors,
  update,
  kql,
  serverErrors,
}: SectionProps & { kql: KqlValidation; serverErrors: FormErrors }) {
  return (
    <div className={`form-field${errors.query ? ' has-error' : ''}`} data-field="query">
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
  );
}
