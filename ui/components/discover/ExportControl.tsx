'use client';
/**
 * Discover's export control: says how many rows an export will have, runs it in the page with
 * rows received of the total and a Cancel button, saves the file only when it is complete, and says
 * so when it is not. The work is in lib/discover/export-download.ts and export-progress.ts.
 */
import { type MouseEvent, useCallback, useEffect, useRef, useState } from 'react';
import { exportHref } from '../../lib/discover/api.ts';
import { runExport } from '../../lib/discover/export-download.ts';
import {
  type ExportFormat,
  type ExportStatus,
  exportCountLabel,
  progressPercent,
  progressText,
} from '../../lib/discover/export-progress.ts';

function saveFile(file: { name: string; blob: Blob }): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportControl({ params, total }: { params: URLSearchParams; total: number | undefined }) {
  const [status, setStatus] = useState<ExportStatus>();
  const running = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => running.current?.abort(), []);

  const start = useCallback(
    (format: ExportFormat) => (e: MouseEvent<HTMLAnchorElement>) => {
      e.preventDefault();
      if (running.current) return;
      const controller = new AbortController();
      running.current = controller;
      runExport(exportHref(format, params), format, { signal: controller.signal, onProgress: setStatus }).then(
        (result) => {
          running.current = undefined;
          if (result.file) saveFile(result.file);
          setStatus(result.status);
        },
      );
    },
    [params],
  );

  const busy = status?.phase === 'running';
  const pct = status ? progressPercent(status) : undefined;
  return (
    <>
      <span data-testid="export" style={{ display: 'inline-flex', gap: 8, alignItems: 'center', paddingTop: 5 }}>
        <span className="muted" data-testid="export-count">
          {exportCountLabel(total)}
        </span>
        <a
          href={exportHref('csv', params)}
          download
          data-testid="export-csv"
          aria-disabled={busy}
          onClick={start('csv')}
        >
          CSV
        </a>
        <a
          href={exportHref('ndjson', params)}
          download
          data-testid="export-ndjson"
          aria-disabled={busy}
          onClick={start('ndjson')}
        >
          NDJSON
        </a>
      </span>
      {status ? (
        <div
          data-testid="export-status"
          data-phase={status.phase}
          role={status.phase === 'incomplete' ? 'alert' : 'status'}
          style={{
            flexBasis: '100%',
            display: 'flex',
            gap: 8,
            alignItems: 'center',
            color: status.phase === 'incomplete' ? 'var(--danger)' : undefined,
          }}
        >
          {busy ? <progress max={100} value={pct} data-testid="export-bar" /> : null}
          <span data-testid="export-progress">{progressText(status)}</span>
          {busy ? (
            <button type="button" data-testid="export-cancel" onClick={() => running.current?.abort()}>
              Cancel
            </button>
          ) : (
            <button type="button" data-testid="export-dismiss" onClick={() => setStatus(undefined)}>
              Dismiss
            </button>
          )}
        </div>
      ) : null}
    </>
  );
}
