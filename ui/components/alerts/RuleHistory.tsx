'use client';
/** A rule's evaluations and notification attempts, newest first, each with a link to Discover. */
import Link from 'next/link';
import { discoverHref, historyTitle } from '../../lib/alerts/present.ts';
import { formatValue } from '../../lib/alerts/series.ts';
import type { HistoryEntry, Rule } from '../../lib/alerts/types.ts';
import { formatTimestamp } from '../../lib/discover/time.ts';

export function RuleHistory({ entries, rule }: { entries: HistoryEntry[]; rule?: Rule }) {
  if (entries.length === 0)
    return (
      <div className="empty" data-testid="history-empty">
        No evaluations yet. The rule runs every {rule?.every ?? 'minute'}.
      </div>
    );
  return (
    <ol className="history" data-testid="history">
      {entries.map((e, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: entries are an append-only log without ids
          key={`${e.kind}:${e.at}:${i}`}
          className={`history-entry ${e.kind}${(e.kind === 'notification' && e.status !== 'sent') || (e.kind === 'evaluation' && e.error) ? ' failed' : ''}`}
          data-testid="history-entry"
          data-kind={e.kind}
        >
          <span className="when" title={e.at}>
            {formatTimestamp(Date.parse(e.at))}
          </span>
          <span className="kind-tag">{e.kind === 'evaluation' ? 'evaluation' : 'notification'}</span>
          <div className="what">
            <div data-testid="history-title">{historyTitle(e)}</div>
            {e.kind === 'evaluation' && !e.error ? (
              <div className="results">
                {e.results.slice(0, 12).map((r) => (
                  <span key={r.group ?? ''} className={`result status-${r.state}`}>
                    {r.group !== null ? `${r.group}: ` : ''}
                    {formatValue(r.value)} ({r.threshold}) → {r.state}
                    {rule ? (
                      <>
                        {' '}
                        <Link href={discoverHref(rule, { window: e.window, group: r.group })}>logs</Link>
                      </>
                    ) : null}
                  </span>
                ))}
                {e.results.length > 12 || e.omitted ? (
                  <span className="muted">+{e.results.length - 12 + (e.omitted ?? 0)} more</span>
                ) : null}
                <span className="muted">
                  window {formatTimestamp(Date.parse(e.window.from))} – {formatTimestamp(Date.parse(e.window.to))} ·{' '}
                  {Math.round(e.durationMs)} ms
                </span>
              </div>
            ) : null}
            {e.kind === 'notification' ? (
              <div className="results muted">
                {e.group !== null ? `group ${e.group} · ` : ''}id {e.intentId.slice(0, 12)}…
                {e.error ? <span className="rule-error"> {e.error}</span> : null}
              </div>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
