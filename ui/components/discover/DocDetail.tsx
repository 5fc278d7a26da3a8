'use client';
/** An expanded row: the whole document as a field table (with filter / column actions) or as JSON. */
import type { LogDocument } from '@driftwood/core';
import Link from 'next/link';
import { useState } from 'react';
import type { Hit } from '../../lib/discover/api.ts';
import { collapsed, docTime, flattenDoc, formatValue, isLong } from '../../lib/discover/doc.ts';
import type { Highlighter } from '../../lib/discover/highlight.ts';
import type { Filter } from '../../lib/discover/state.ts';
import { Highlighted } from './Highlighted.tsx';

interface Props {
  hit: Hit;
  columns: readonly string[];
  highlighterFor: (field: string) => Highlighter;
  onFilter?: (filter: Filter) => void;
  onToggleColumn?: (field: string) => void;
  contextHref?: string;
}

export function DocDetail({ hit, columns, highlighterFor, onFilter, onToggleColumn, contextHref }: Props) {
  const [view, setView] = useState<'table' | 'json'>('table');
  return (
    <div className="detail" data-testid="doc-detail">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={view === 'table'} onClick={() => setView('table')}>
          Table
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={view === 'json'}
          onClick={() => setView('json')}
          data-testid="json-tab"
        >
          JSON
        </button>
        <span style={{ flex: 1 }} />
        {contextHref ? (
          <Link href={contextHref} data-testid="surrounding-link">
            View surrounding documents
          </Link>
        ) : null}
      </div>
      {view === 'json' ? (
        <pre className="json-view" data-testid="doc-json">
          {JSON.stringify({ _id: hit.id, ...hit.doc }, null, 2)}
        </pre>
      ) : (
        <FieldTable
          doc={hit.doc}
          columns={columns}
          highlighterFor={highlighterFor}
          onFilter={onFilter}
          onToggleColumn={onToggleColumn}
        />
      )}
    </div>
  );
}

function FieldTable({
  doc,
  columns,
  highlighterFor,
  onFilter,
  onToggleColumn,
}: {
  doc: LogDocument;
  columns: readonly string[];
  highlighterFor: (field: string) => Highlighter;
  onFilter?: (filter: Filter) => void;
  onToggleColumn?: (field: string) => void;
}) {
  return (
    <table className="doc-fields">
      <tbody>
        {flattenDoc(doc).map(([field, value]) => {
          const text = field === '@timestamp' ? `${formatValue(value)}` : formatValue(value);
          const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
          return (
            <tr key={field} data-field={field}>
              <td className="factions">
                {onFilter && scalar ? (
                  <>
                    <button
                      type="button"
                      title={`Filter for ${field}: ${text}`}
                      aria-label={`Filter for ${field}`}
                      onClick={() => onFilter({ field, op: 'is', value: String(value), negate: false })}
                    >
                      +
                    </button>
                    <button
                      type="button"
                      title={`Filter out ${field}: ${text}`}
                      aria-label={`Filter out ${field}`}
                      onClick={() => onFilter({ field, op: 'is', value: String(value), negate: true })}
                    >
                      −
                    </button>
                  </>
                ) : null}
                {onToggleColumn ? (
                  <button
                    type="button"
                    title={columns.includes(field) ? 'Remove column' : 'Add column'}
                    onClick={() => onToggleColumn(field)}
                  >
                    {columns.includes(field) ? '⊟' : '⊞'}
                  </button>
                ) : null}
              </td>
              <td className="fname">{field}</td>
              <td>
                <LongValue text={text} field={field} highlighter={highlighterFor(field)} />
              </td>
            </tr>
          );
        })}
        <tr>
          <td />
          <td className="fname">_time (local)</td>
          <td className="muted">{new Date(docTime(doc)).toString()}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** Wrapped monospace text; long values (stack traces) start collapsed. */
export function LongValue({ text, field, highlighter }: { text: string; field: string; highlighter: Highlighter }) {
  const long = isLong(text);
  const [open, setOpen] = useState(!long);
  return (
    <div>
      <pre className="value-text">
        <Highlighted text={open ? text : collapsed(text)} field={field} highlighter={highlighter} />
      </pre>
      {long ? (
        <button type="button" className="link" onClick={() => setOpen((o) => !o)} data-testid="expand-long">
          {open ? 'Show less' : `Show all ${text.split('\n').length} lines`}
        </button>
      ) : null}
    </div>
  );
}
