/** Who is told: the actions (webhook, Slack, email) and the message template. */
import type { ActionForm, FormErrors } from '../../../lib/alerts/form.ts';
import { ACTION_TYPES } from '../../../lib/alerts/types.ts';
import { Field, type SectionProps } from './Field.tsx';

const ACTION_LABEL: Record<ActionForm['type'], string> = { webhook: 'Webhook', slack: 'Slack', email: 'Email' };

export interface ActionsEditing {
  add: (type: ActionForm['type']) => void;
  change: (i: number, patch: Partial<ActionForm>) => void;
  remove: (i: number) => void;
}

export function ActionsSection({ form, errors, update, actions }: SectionProps & { actions: ActionsEditing }) {
  return (
    <section>
      <h3>Notifications</h3>
      {form.actions.length === 0 ? (
        <p className="muted">No actions: the rule is evaluated and shown here, but nobody is told.</p>
      ) : null}
      {form.actions.map((a, i) => (
        <ActionCard
          // biome-ignore lint/suspicious/noArrayIndexKey: actions have no identity until saved
          key={i}
          action={a}
          index={i}
          errors={errors}
          onChange={(patch) => actions.change(i, patch)}
          onRemove={() => actions.remove(i)}
        />
      ))}
      <div className="add-actions">
        {ACTION_TYPES.map((t) => (
          <button type="button" key={t} data-testid={`add-${t}`} onClick={() => actions.add(t)}>
            + {ACTION_LABEL[t]}
          </button>
        ))}
      </div>
      <Field
        label="Message"
        name="message"
        errors={errors}
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
  );
}

function ActionCard({
  action: a,
  index: i,
  errors,
  onChange,
  onRemove,
}: {
  action: ActionForm;
  index: number;
  errors: FormErrors;
  onChange: (patch: Partial<ActionForm>) => void;
  onRemove: () => void;
}) {
  return (
    <div className="action-card" data-testid="action" data-type={a.type}>
      <div className="action-head">
        <strong>{ACTION_LABEL[a.type]}</strong>
        <span className="spacer" />
        <button type="button" className="link" data-testid="remove-action" onClick={onRemove}>
          Remove
        </button>
      </div>
      {a.type === 'email' ? (
        <>
          <Field label="To" name={`actions.${i}.to`} errors={errors} hint="addresses, comma separated">
            <input
              data-testid="action-to"
              value={a.to}
              placeholder="ops@example.com"
              onChange={(e) => onChange({ to: e.target.value })}
            />
          </Field>
          <Field label="Subject" name={`actions.${i}.subject`} errors={errors} hint="optional template">
            <input
              data-testid="action-subject"
              value={a.subject}
              placeholder="[{{state}}] {{rule.name}}"
              onChange={(e) => onChange({ subject: e.target.value })}
            />
          </Field>
        </>
      ) : (
        <Field
          label={a.type === 'slack' ? 'Slack incoming webhook URL' : 'URL (receives a JSON POST)'}
          name={`actions.${i}.url`}
          errors={errors}
          hint={a.url.includes('[secret]') ? '[secret] keeps the stored value; retype the URL to change it' : undefined}
        >
          <input
            data-testid="action-url"
            className="mono"
            value={a.url}
            placeholder={a.type === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://…'}
            onChange={(e) => onChange({ url: e.target.value })}
          />
        </Field>
      )}
      {a.type === 'webhook' ? (
        <Field
          label="Headers"
          name={`actions.${i}.headers`}
          errors={errors}
          hint="optional, Name: value per line; a stored value shows as [secret] and is kept as long as it stays so"
        >
          <textarea
            data-testid="action-headers"
            className="mono"
            rows={2}
            value={a.headers}
            onChange={(e) => onChange({ headers: e.target.value })}
          />
        </Field>
      ) : null}
    </div>
  );
}
