/**
 * Runs one export in the page: fetches the stream, counts its rows as they arrive (export-progress)
 * and, only when it is complete, hands back the file. No DOM, no React: the control saves the
 * blob and shows the statuses.
 */
import { errorFromResponse } from '../http.ts';
import { EXPORT_TOTAL_HEADER } from './export.ts';
import {
  countChunk,
  createRowCounter,
  type ExportFormat,
  type ExportStatus,
  finishStatus,
  parseTotal,
  runningStatus,
} from './export-progress.ts';

export interface ExportResult {
  status: ExportStatus;
  /** The whole file; only for a complete export. */
  file?: { name: string; blob: Blob };
}

export interface RunExportOptions {
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  signal?: AbortSignal;
  onProgress?: (status: ExportStatus) => void;
}

/** Received bytes are folded into one Blob every so often, so the browser can keep them off the JS heap. */
const FOLD_BYTES = 8 * 1024 * 1024;

export function filenameFrom(disposition: string | null, format: ExportFormat): string {
  const m = disposition ? /filename="([^"]+)"/.exec(disposition) : null;
  return m?.[1] ?? `driftwood-export.${format}`;
}

async function errorReason(res: Response): Promise<string> {
  const error = await errorFromResponse(res);
  return error.code === 'HTTP_ERROR' ? `the server answered ${res.status}` : `${error.message} (${error.code})`;
}

export async function runExport(
  url: string,
  format: ExportFormat,
  options: RunExportOptions = {},
): Promise<ExportResult> {
  const doFetch = options.fetch ?? ((u: string, init: RequestInit) => fetch(u, init));
  const { signal, onProgress } = options;
  const counter = createRowCounter(format);
  let res: Response;
  try {
    res = await doFetch(url, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) return { status: finishStatus(counter, undefined, { kind: 'cancelled' }) };
    return {
      status: finishStatus(counter, undefined, {
        kind: 'failed',
        message: `cannot reach the Driftwood server (${(error as Error).message})`,
      }),
    };
  }
  const total = parseTotal(res.headers.get(EXPORT_TOTAL_HEADER));
  if (!res.ok || !res.body) {
    const message = res.ok ? 'the answer had no body' : await errorReason(res);
    return { status: finishStatus(counter, total, { kind: 'failed', message }) };
  }
  const reader = res.body.getReader();
  const onAbort = (): void => {
    reader.cancel().catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let blob = new Blob([]);
  let parts: Uint8Array<ArrayBuffer>[] = [];
  let pending = 0;
  onProgress?.(runningStatus(counter, total));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) return { status: finishStatus(counter, total, { kind: 'cancelled' }) };
      if (done) break;
      countChunk(counter, value);
      parts.push(value as Uint8Array<ArrayBuffer>);
      pending += value.length;
      if (pending >= FOLD_BYTES) {
        blob = new Blob([blob, ...parts]);
        parts = [];
        pending = 0;
      }
      onProgress?.(runningStatus(counter, total));
    }
  } catch (error) {
    if (signal?.aborted) return { status: finishStatus(counter, total, { kind: 'cancelled' }) };
    return {
      status: finishStatus(counter, total, {
        kind: 'failed',
        message: `the download broke off (${(error as Error).message || 'network error'})`,
      }),
    };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const status = finishStatus(counter, total, { kind: 'ended' });
  if (status.phase !== 'done') return { status };
  const type = res.headers.get('content-type') ?? (format === 'csv' ? 'text/csv' : 'application/x-ndjson');
  return {
    status,
    file: {
      name: filenameFrom(res.headers.get('content-disposition'), format),
      blob: new Blob([blob, ...parts], { type }),
    },
  };
}
