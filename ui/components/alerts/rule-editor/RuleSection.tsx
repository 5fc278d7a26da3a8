/** The rule's name and whether it is evaluated. */
import { Field, type SectionProps } from './Field.tsx';

export function RuleSection({ form, errors, update }: SectionProps) {
  return (
    <section>
      <h3>Rule</h3>
      <Field label="Name" name="name" errors={errors}>
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
  );
}
