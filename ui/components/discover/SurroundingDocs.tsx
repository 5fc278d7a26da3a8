'use client';
/**
 * Surrounding documents: the events just before and after one document from the same source
 * (log.file.path, else host.name + service.name), in the table's order, anchor highlighted.
 */
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { api, type Hit } from '../../lib/discover/api.ts';
import { docTime, fieldText } from '../../lib/discover/doc.ts';
import { type Highlighter, highlighterFor } from '../../lib/discover/highlight.ts';
import { decodeState, stateToSearch } from '../../lib/discover/state.ts';
import { formatTimestamp } from '../../lib/discover/time.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { DocDetail } from './DocDetail.tsx';
import { Highlighted } from './Highlighted.tsx';

const STEP = 5;

export function SurroundingDocs() {
  const params = useSearchParams();
  const id = params.get('id') ?? '';
  const ts = Number(params.get('ts'));
  const state = useMemo(() => decodeState(params), [params]);
  const [n, setN] = useState(STEP);
  const key = id !== '' && Number.isFinite(ts) ? `${id}|${ts}|${n}` : null;
  const res = useFetch(key, (signal) => api.surrounding(id, ts, n, signal));
  const [open, setOpen] = useState<string>();
  const hl = useMemo(() => {
    const cache = new Map<string, Highlighter>();
    return (field: string) => {
      let h = cache.get(field);
      if (!h) {
        h = highlighterFor(state.query, state.filters, field);
        cache.set(field, h);
      }
      return h;
    };
  }, [state.query, state.filters]);
  const back = `/discover${stateToSearch(state)}`;
  const d = res.data;
  const template = `28px 210px ${state.columns.map((c) => (c === 'message' ? 'minmax(320px, 4fr)' : 'minmax(140px, 1fr)')).join(' ')}`;

  const row = (hit: Hit, anchor: boolean) => (
    <div
      key={hit.id}
      className={`tr${anchor ? ' anchor' : ''}${open === hit.id ? ' open' : ''}`}
      style={{ gridTemplateColumns: template }}
      data-testid={anchor ? 'anchor-row' : 'context-row'}
      data-id={hit.id}
    >
      <div className="cell toggle">
        <button
          type="button"
          className="icon"
          aria-expanded={open === hit.id}
          aria-label="Expand document"
          onClick={() => setOpen((o) => (o === hit.id ? undefined : hit.id))}
        >
          {open === hit.id ? '▾' : '▸'}
        </button>
      </div>
      <div className="cell time">{formatTimestamp(docTime(hit.doc))}</div>
      {state.columns.map((c) => (
        <div className="cell" key={c}>
          <Highlighted text={fieldText(hit.doc, c)} field={c} highlighter={hl(c)} />
        </div>
      ))}
      {open === hit.id ? <DocDetail hit={hit} columns={state.columns} highlighterFor={hl} /> : null}
    </div>
  );

  return (
    <div className="context-page" data-testid="surrounding">
      <p>
        <Link href={back}>← Back to Discover</Link>
      </p>
      <h2 style={{ margin: '0 0 4px' }}>Surrounding documents</h2>
      {d ? (
        <p className="muted" data-testid="context-source">
          {d.source.length === 0
            ? 'All sources (this document has no log.file.path, host.name or service.name)'
            : `Same source: ${d.source.map((s) => `${s.field} = ${s.value}`).join(', ')}`}
        </p>
      ) : null}
      {key === null ? (
        <ErrorMessage error={new Error('This link needs a document id and its timestamp (id, ts).')} />
      ) : null}
      {res.error ? <ErrorMessage error={res.error} onRetry={res.retry} /> : null}
      {res.loading && !d ? <Spinner /> : null}
      {d ? (
        <div className="table" style={{ overflow: 'visible' }}>
          <div className="thead" style={{ gridTemplateColumns: template }}>
            <div />
            <div>Time</div>
            {state.columns.map((c) => (
              <div key={c}>{c}</div>
            ))}
          </div>
          <div style={{ padding: 6 }}>
            <button type="button" onClick={() => setN((x) => x + STEP)} data-testid="load-newer">
              Load {STEP} newer
            </button>
          </div>
          {d.newer.map((h) => row(h, false))}
          {row(d.anchor, true)}
          {d.older.map((h) => row(h, false))}
          <div style={{ padding: 6 }}>
            <button type="button" onClick={() => setN((x) => x + STEP)} data-testid="load-older">
              Load {STEP} older
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
