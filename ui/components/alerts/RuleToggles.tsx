'use client';
/** Mute and snooze controls for one rule (list rows and the rule page); without `write`, the state as text. */
import { useState } from 'react';
import { alertsApi } from '../../lib/alerts/api.ts';
import { isSnoozed, relativeTime, SNOOZE_CHOICES, snoozeUntil } from '../../lib/alerts/present.ts';
import type { RuleSummary } from '../../lib/alerts/types.ts';
import { usePrivilege } from '../../lib/use-me.ts';

interface Props {
  summary: Pick<RuleSummary, 'id' | 'muted' | 'snoozedUntil'>;
  now: number;
  onChanged: () => void;
  onError: (error: unknown) => void;
}

export function RuleToggles({ summary, now, onChanged, onError }: Props) {
  const [busy, setBusy] = useState(false);
  const write = usePrivilege('write');
  const disabled = busy;
  const run = (p: Promise<unknown>) => {
    setBusy(true);
    p.then(onChanged, onError).finally(() => setBusy(false));
  };
  const snoozed = isSnoozed(summary, now);
  if (!write.allowed) {
    // no controls without `write` (nor before /api/auth/me answers): the state as text
    return (
      <span className="rule-toggles muted" data-testid="rule-toggles-read-only">
        {summary.muted ? <span data-testid="muted-text">Muted</span> : null}
        {snoozed ? (
          <span data-testid="snoozed-text" title={summary.snoozedUntil}>
            Snoozed, ends {relativeTime(summary.snoozedUntil, now)}
          </span>
        ) : null}
      </span>
    );
  }
  return (
    <span className="rule-toggles">
      <label className="toggle" title="Evaluate but send no notifications">
        <input
          type="checkbox"
          data-testid="mute-toggle"
          checked={summary.muted}
          disabled={disabled}
          onChange={(e) => run(alertsApi.mute(summary.id, e.target.checked))}
        />
        Muted
      </label>
      {snoozed ? (
        <button
          type="button"
          data-testid="unsnooze"
          disabled={disabled}
          title={`Snoozed until ${summary.snoozedUntil}`}
          onClick={() => run(alertsApi.snooze(summary.id, null))}
        >
          Snoozed, ends {relativeTime(summary.snoozedUntil, now)} · Unsnooze
        </button>
      ) : (
        <select
          data-testid="snooze-select"
          aria-label="Snooze notifications"
          value=""
          disabled={disabled}
          onChange={(e) => {
            const ms = Number(e.target.value);
            if (ms > 0) run(alertsApi.snooze(summary.id, snoozeUntil(Date.now(), ms)));
          }}
        >
          <option value="">Snooze…</option>
          {SNOOZE_CHOICES.map((c) => (
            <option key={c.ms} value={c.ms}>
              for {c.label}
            </option>
          ))}
        </select>
      )}
    </span>
  );
}
