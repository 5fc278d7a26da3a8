'use client';
/**
 * The data table: sortable headers (click to sort, again to reverse), paging by page_size, a CSV
 * download of every row in the shown order, and a row click → the KQL of its bucket path.
 */
import { useMemo, useState } from 'react';
import { clickFilter } from '../../lib/viz/click-filter.ts';
import type { CellValue } from '../../lib/viz/dataset.ts';
import {
  DEFAULT_PAGE_SIZE,
  pageCount,
  pageRows,
  resolveSortColumn,
  sortRows,
  type TableColumn,
  type TableData,
  tableCsv,
} from '../../lib/viz/table.ts';

export interface TableViewProps {
  table: TableData;
  title: string;
  sort?: { column: string; order: 'asc' | 'desc' };
  pageSize?: number;
  height: number;
  onFilter?: (kql: string, label: string) => void;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Times and numbers stay on one line; numbers (a last value's too) are right-aligned. */
function cellClass(column: TableColumn, raw: CellValue): string | undefined {
  if (column.time) return 'time';
  if (column.numeric || typeof raw === 'number') return 'num';
  return undefined;
}

/** A file name from the panel title: letters, digits, - and _ only. */
export function csvFilename(title: string): string {
  const base = title.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'table';
  return `${base.slice(0, 80)}.csv`;
}

export function TableView({ table, title, sort, pageSize, height, onFilter }: TableViewProps) {
  const [order, setOrder] = useState<{ column: string | undefined; order: 'asc' | 'desc' }>(() => ({
    column: resolveSortColumn(table, sort?.column),
    order: sort?.order ?? 'desc',
  }));
  const [page, setPage] = useState(0);
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  const sorted = useMemo(() => sortRows(table.rows, order.column, order.order), [table, order]);
  const pages = pageCount(sorted.length, size);
  const current = Math.min(page, pages - 1);
  const shown = pageRows(sorted, current, size);
  // A first click sorts numbers and times largest first, text A to Z; the next one reverses.
  const toggle = (column: TableColumn) => {
    setOrder((o) =>
      o.column === column.key
        ? { column: column.key, order: o.order === 'asc' ? 'desc' : 'asc' }
        : { column: column.key, order: column.numeric || column.time ? 'desc' : 'asc' },
    );
    setPage(0);
  };
  return (
    <div className="viz-table" style={{ maxHeight: height + 80 }}>
      <div className="viz-table-scroll">
        <table>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th
                  key={c.key}
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={order.column === c.key ? (order.order === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    className={c.numeric ? 'viz-sort num' : 'viz-sort'}
                    onClick={() => toggle(c)}
                    data-testid="table-sort"
                    data-column={c.key}
                  >
                    {c.label}
                    {order.column === c.key ? (order.order === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => {
              const f = onFilter ? clickFilter(row.steps) : undefined;
              return (
                <tr
                  key={row.id}
                  data-testid="table-row"
                  className={f ? 'clickable' : undefined}
                  onClick={f && onFilter ? () => onFilter(f.kql, f.label) : undefined}
                  title={f ? `Filter on ${f.label}` : undefined}
                >
                  {table.columns.map((c) => (
                    <td
                      key={c.key}
                      className={cellClass(c, row.cells[c.key]?.raw ?? null)}
                      data-testid="table-cell"
                      data-column={c.key}
                    >
                      {row.cells[c.key]?.text ?? ''}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="viz-table-foot">
        <span className="muted">
          {sorted.length.toLocaleString('en-US')} {sorted.length === 1 ? 'row' : 'rows'}
        </span>
        <span className="spacer" />
        {pages > 1 ? (
          <span className="viz-pager" data-testid="table-pager">
            <button
              type="button"
              disabled={current === 0}
              onClick={() => setPage(current - 1)}
              aria-label="Previous page"
            >
              ‹
            </button>
            <span>
              {current + 1} / {pages}
            </span>
            <button
              type="button"
              disabled={current >= pages - 1}
              onClick={() => setPage(current + 1)}
              aria-label="Next page"
            >
              ›
            </button>
          </span>
        ) : null}
        <button
          type="button"
          data-testid="table-csv"
          onClick={() => download(csvFilename(title), tableCsv(table, sorted))}
        >
          CSV
        </button>
      </div>
    </div>
  );
}
