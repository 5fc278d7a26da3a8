/** A rule's or group's status as a coloured badge. */
import { STATUS_LABEL } from '../../lib/alerts/present.ts';
import type { RuleStatus } from '../../lib/alerts/types.ts';

export function StatusBadge({ status, text }: { status: RuleStatus; text?: string }) {
  return (
    <span className={`status-badge status-${status}`} data-testid="rule-status" data-status={status}>
      {text ?? STATUS_LABEL[status]}
    </span>
  );
}
