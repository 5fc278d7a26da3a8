/** A store or server error as a clear message with Retry (never a blank page). */
import { ApiError } from '../../lib/discover/api.ts';

export function ErrorNotice({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const e = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const heading =
    title ??
    (e?.code === 'STORE_UNAVAILABLE' || e?.code === 'ENGINE_UNAVAILABLE'
      ? 'The log store is unavailable'
      : e?.code === 'STORE_TIMEOUT'
        ? 'The log store took too long to answer'
        : e?.code === 'NETWORK'
          ? 'Cannot reach the Driftwood server'
          : 'Something went wrong');
  return (
    <div className="notice" role="alert" data-testid="error-notice">
      <h4>{heading}</h4>
      <div>{message}</div>
      {e && e.code !== 'NETWORK' ? (
        <div className="muted">
          <code>
            {e.code}
            {e.status ? ` · HTTP ${e.status}` : ''}
          </code>
        </div>
      ) : null}
      {onRetry ? (
        <div style={{ marginTop: 8 }}>
          <button type="button" className="primary" onClick={onRetry} data-testid="retry">
            Retry
          </button>
        </div>
      ) : null}
    </div>
  );
}
