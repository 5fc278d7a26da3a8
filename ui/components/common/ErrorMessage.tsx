/** A store or server error as a clear message with Retry (never a blank page). */
import { ApiError, errorHeading, errorMessage } from '../../lib/http.ts';

export function ErrorMessage({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const e = error instanceof ApiError ? error : undefined;
  return (
    <div className="notice" role="alert" data-testid="error-notice">
      <h4>{title ?? errorHeading(error)}</h4>
      <div>{errorMessage(error)}</div>
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
