'use client';
/** /alerts/[id]: the rule's state and groups, mute/snooze, the editor with its preview, and its history. */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { alertsApi } from '../../lib/alerts/api.ts';
import { discoverHref, lastWindow, relativeTime, statusText } from '../../lib/alerts/present.ts';
import { formatValue } from '../../lib/alerts/series.ts';
import { isForbidden } from '../../lib/http.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { useMe, usePrivilege } from '../../lib/use-me.ts';
import { useInterval } from '../../lib/use-timers.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import { RuleHistory } from './RuleHistory.tsx';
import { RuleToggles } from './RuleToggles.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function RulePage({ id }: { id: string }) {
  const router = useRouter();
  const [nonce, setNonce] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [actionError, setActionError] = useState<unknown>();
  const refresh = () => {
    setNow(Date.now());
    setNonce((n) => n + 1);
  };
  useInterval(10_000, refresh);
  const summary = useFetch(`rule:${id}:${nonce}`, (signal) => alertsApi.get(id, signal));
  const history = useFetch(`history:${id}:${nonce}`, (signal) => alertsApi.history(id, signal));
  const s = summary.data?.rule;
  const write = usePrivilege('write');
  const { me } = useMe();

  if (summary.error && !s)
    return isForbidden(summary.error) && me?.filtered === true ? (
      <div className="plain-notice" data-testid="alerts-unavailable">
        Alert rules are not available to roles with a document filter.
      </div>
    ) : (
      <ErrorMessage error={summary.error} onRetry={summary.retry} />
    );
  if (!s) return <Spinner testId="loading" />;
  const notOk = s.groups.filter((g) => g.status !== 'ok');

  return (
    <div className="alerts-page">
      <div className="alerts-head">
        <Link href="/alerts" className="muted">
          ← Alerts
        </Link>
        <h1 data-testid="rule-title">{s.name}</h1>
        <StatusBadge status={s.status} text={statusText(s)} />
        <span className="spacer" />
        <RuleToggles summary={s} now={now} onChanged={refresh} onError={setActionError} />
        {s.rule ? (
          <Link href={discoverHref(s.rule, { window: lastWindow(s) })} data-testid="discover-link">
            Open in Discover
          </Link>
        ) : null}
        {write.allowed ? (
          <button
            type="button"
            data-testid="delete-rule"
            onClick={() => {
              if (!window.confirm(`Delete the rule "${s.name}" with its history?`)) return;
              alertsApi.remove(id).then(() => router.push('/alerts'), setActionError);
            }}
          >
            Delete
          </button>
        ) : null}
      </div>
      <div className="rule-facts">
        <span data-testid="last-run">
          Last run: {relativeTime(s.lastRunAt, now)}
          {s.lastWindowEnd ? ` (window ending ${new Date(s.lastWindowEnd).toLocaleTimeString()})` : ''}
        </span>
        {notOk.length > 0 ? (
          <span className="groups" data-testid="rule-groups">
            {notOk.map((g) => (
              <span key={g.group ?? ''} className={`result status-${g.status}`}>
                {g.group ?? 'value'} {formatValue(g.value)} · {g.status} since {relativeTime(g.since, now)}
              </span>
            ))}
          </span>
        ) : null}
      </div>
      {s.lastError ? (
        <div className="notice" data-testid="rule-error">
          <h4>{s.lastError.source === 'notification' ? 'A notification failed' : 'The last evaluation failed'}</h4>
          <div>{s.lastError.message}</div>
          <div className="muted">
            <code>{s.lastError.code}</code> · {relativeTime(s.lastError.at, now)}
          </div>
        </div>
      ) : null}
      {actionError ? <ErrorMessage error={actionError} title="The change was not saved" /> : null}
      {s.rule ? (
        <RuleEditor key={s.rule.id} rule={s.rule} onSaved={refresh} />
      ) : (
        <div className="notice">This stored rule no longer validates; fix it through the API or delete it.</div>
      )}
      <section className="history-section" id="history">
        <h2>History</h2>
        {history.error ? <ErrorMessage error={history.error} onRetry={history.retry} /> : null}
        {history.data ? <RuleHistory entries={history.data.history} rule={s.rule} /> : null}
      </section>
    </div>
  );
}
