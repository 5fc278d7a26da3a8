'use client';
/**
 * /alerts: every rule with its state, last run, last error, mute and snooze; refreshes every 10 s.
 * A user without `write` sees no write controls; a user whose role filters its reads (refused the
 * rules) sees a plain notice.
 */
import Link from 'next/link';
import { useState } from 'react';
import { alertsApi } from '../../lib/alerts/api.ts';
import { describeCondition } from '../../lib/alerts/form.ts';
import { discoverHref, lastWindow, relativeTime, statusText } from '../../lib/alerts/present.ts';
import { isForbidden } from '../../lib/http.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { useMe, usePrivilege } from '../../lib/use-me.ts';
import { useInterval } from '../../lib/use-timers.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { RuleToggles } from './RuleToggles.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function AlertsList() {
  const [nonce, setNonce] = useState(0);
  const [actionError, setActionError] = useState<unknown>();
  const [now, setNow] = useState(() => Date.now());
  const list = useFetch(`rules:${nonce}`, (signal) => alertsApi.list(signal));
  const refresh = () => {
    setNow(Date.now());
    setNonce((n) => n + 1);
  };
  useInterval(10_000, refresh);
  const rules = list.data?.rules;
  const firing = rules?.filter((r) => r.status === 'firing').length ?? 0;
  const write = usePrivilege('write');
  const { me } = useMe();
  // a role with a read filter is refused the rules by design (docs/security.md): say so, no error box
  const unavailable = isForbidden(list.error) && me?.filtered === true;

  return (
    <div className="alerts-page">
      <div className="alerts-head">
        <h1>Alerts</h1>
        {rules ? (
          <span className="muted" data-testid="rules-summary">
            {rules.length} {rules.length === 1 ? 'rule' : 'rules'} · {firing} firing
          </span>
        ) : null}
        <span className="spacer" />
        {unavailable ? null : (
          <button type="button" onClick={refresh} data-testid="refresh">
            Refresh
          </button>
        )}
        {write.allowed ? (
          <Link href="/alerts/new" className="button primary" data-testid="new-rule">
            Create rule
          </Link>
        ) : null}
      </div>
      {list.loading && !rules ? <Spinner testId="loading" /> : null}
      {unavailable ? (
        <div className="plain-notice" data-testid="alerts-unavailable">
          Alert rules are not available to roles with a document filter.
        </div>
      ) : list.error ? (
        <ErrorMessage error={list.error} onRetry={list.retry} />
      ) : null}
      {actionError ? <ErrorMessage error={actionError} title="The change was not saved" /> : null}
      {rules && rules.length === 0 ? (
        <div className="empty" data-testid="no-rules">
          No alert rules yet.{' '}
          {write.allowed ? (
            <>
              <Link href="/alerts/new">Create one</Link> to be told when your logs cross a threshold.
            </>
          ) : (
            'An editor can create one to tell you when your logs cross a threshold.'
          )}
        </div>
      ) : null}
      {rules && rules.length > 0 ? (
        <table className="rules-table" data-testid="rules-table">
          <thead>
            <tr>
              <th>Status</th>
              <th>Rule</th>
              <th>Condition</th>
              <th>Last run</th>
              <th>Notifications</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-testid="rule-row" data-rule-id={r.id} className={`row-${r.status}`}>
                <td>
                  <StatusBadge status={r.status} text={statusText(r)} />
                </td>
                <td>
                  <Link href={`/alerts/${encodeURIComponent(r.id)}`} className="rule-name" data-testid="rule-link">
                    {r.name}
                  </Link>
                  {r.rule?.query ? <div className="rule-query">{r.rule.query}</div> : null}
                  {r.lastError ? (
                    <div className="rule-error" data-testid="rule-error" title={r.lastError.at}>
                      {r.lastError.source === 'notification' ? 'Notification failed: ' : 'Evaluation failed: '}
                      {r.lastError.message}
                    </div>
                  ) : null}
                </td>
                <td className="nowrap row-links">
                  {r.rule ? (
                    <>
                      {describeCondition(r.rule.condition)}
                      <div className="muted">
                        over {r.rule.window}, every {r.rule.every}
                        {r.rule.group_by ? ` · by ${r.rule.group_by.field}` : ''}
                      </div>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="nowrap" data-testid="last-run" title={r.lastRunAt ?? ''}>
                  {relativeTime(r.lastRunAt, now)}
                </td>
                <td>
                  <RuleToggles summary={r} now={now} onChanged={refresh} onError={setActionError} />
                </td>
                <td className="nowrap row-links">
                  {r.rule ? (
                    <Link
                      href={discoverHref(r.rule, { window: lastWindow(r) })}
                      data-testid="discover-link"
                      title="Open the rule's query and window in Discover"
                    >
                      Discover
                    </Link>
                  ) : null}
                  <Link href={`/alerts/${encodeURIComponent(r.id)}#history`}>History</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
