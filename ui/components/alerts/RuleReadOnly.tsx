/**
 * A rule as text, for a user who may not change it (no `write`): what it selects, when it runs,
 * when it fires and who is told, with one line saying why it is read-only. No inputs at all.
 */
import type { ReactNode } from 'react';
import { describeCondition } from '../../lib/alerts/form.ts';
import type { Rule } from '../../lib/alerts/types.ts';

type Action = Rule['actions'][number];

function actionText(a: Action): string {
  if (a.type === 'email') return `Email to ${a.to.join(', ')}`;
  return `${a.type === 'slack' ? 'Slack' : 'Webhook'} ${a.url}`;
}

function Fact({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

export function RuleReadOnly({ rule, note }: { rule: Rule; note: string }) {
  return (
    <div className="rule-read-only" data-testid="rule-read-only">
      <p className="muted" data-testid="read-only-note">
        {note}
      </p>
      <dl className="rule-read-only-facts">
        <Fact label="Name" testId="ro-name">
          {rule.name}
        </Fact>
        <Fact label="Enabled" testId="ro-enabled">
          {rule.enabled ? 'yes' : 'no (not evaluated)'}
        </Fact>
        <Fact label="Query" testId="ro-query">
          {rule.query === '' ? <span className="muted">all events</span> : <code>{rule.query}</code>}
        </Fact>
        <Fact label="Condition" testId="ro-condition">
          {describeCondition(rule.condition)}
          {rule.group_by ? ` · by ${rule.group_by.field} (top ${rule.group_by.limit})` : ''}
        </Fact>
        <Fact label="Schedule" testId="ro-schedule">
          over {rule.window}, every {rule.every}
          {rule.delay ? `, ${rule.delay} late` : ''}
          {rule.for > 1 ? ` · fires after ${rule.for} breaching runs` : ''}
          {rule.renotify ? ` · renotifies every ${rule.renotify}` : ''}
        </Fact>
        <Fact label="Notifications" testId="ro-actions">
          {rule.actions.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul>
              {rule.actions.map((a) => (
                <li key={a.id ?? actionText(a)}>{actionText(a)}</li>
              ))}
            </ul>
          )}
        </Fact>
        {rule.message ? (
          <Fact label="Message" testId="ro-message">
            <code>{rule.message}</code>
          </Fact>
        ) : null}
        {rule.tags.length > 0 ? (
          <Fact label="Tags" testId="ro-tags">
            {rule.tags.join(', ')}
          </Fact>
        ) : null}
      </dl>
    </div>
  );
}
