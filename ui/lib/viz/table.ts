/**
 * A table panel's rows and columns: one row per bucket path, one column per bucket level and one
 * per value column (a percentiles metric one per percent); sorting (nulls last), paging and the
 * CSV of the table (Discover's csvLine: RFC 4180, cells starting with = + - @ neutralised).
 */
import type { PanelBucket } from '@driftwood/core';
import type { AggregationResult } from '@driftwood/store';
import { csvLine } from '../discover/export.ts';
import { type CellValue, type DataPanel, dataset, panelUnit, type ValueColumn } from './dataset.ts';
import type { PathStep } from './paths.ts';
import { formatTime, formatUnit, type PanelUnit } from './units.ts';

export interface TableColumn {
  /** `b0`, `b1` … for a bucket level, the value column's key (metric id, `id:p95`, `ratio`) otherwise. */
  key: string;
  label: string;
  kind: 'bucket' | 'value';
  numeric: boolean;
  /** Holds times (a date histogram level, min/max/last value of @timestamp): ISO 8601 in the CSV. */
  time: boolean;
}

export interface TableCell {
  text: string;
  /** What sorting compares and the CSV writes: the raw value. */
  raw: CellValue;
}

export interface TableRow {
  id: string;
  steps: PathStep[];
  cells: Record<string, TableCell>;
}

export interface TableData {
  columns: TableColumn[];
  rows: TableRow[];
}

export const DEFAULT_PAGE_SIZE = 20;

export function bucketColumnLabel(bucket: PanelBucket): string {
  switch (bucket.type) {
    case 'date_histogram':
      return 'Time';
    case 'terms':
      return bucket.field;
    case 'filters':
      return 'Filter';
    case 'histogram':
      return `${bucket.field} (per ${bucket.interval})`;
  }
}

/** Whether a value column holds times (min, max or last value of @timestamp). */
function isTimeColumn(column: ValueColumn): boolean {
  const m = column.metric?.metric;
  return !!m && m.type !== 'count' && m.field === '@timestamp' && ['min', 'max', 'last_value'].includes(m.type);
}

/** A value as the table shows it: counts and unique counts as numbers, times as times, the rest in the panel's unit. */
export function valueText(value: CellValue, column: ValueColumn, unit: PanelUnit | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return String(value);
  if (isTimeColumn(column)) {
    const ms = typeof value === 'number' ? value : Date.parse(value);
    return Number.isFinite(ms) ? formatTime(ms) : String(value);
  }
  if (typeof value === 'string') return value;
  const t = column.metric?.metric.type;
  return formatUnit(value, t === 'count' || t === 'cardinality' ? 'number' : unit);
}

export function tableData(panel: DataPanel, aggs: Record<string, AggregationResult>): TableData {
  const data = dataset(panel, aggs);
  const unit = panelUnit(panel);
  const columns: TableColumn[] = [
    ...data.levels.map((l) => ({
      key: `b${l.level}`,
      label: bucketColumnLabel(l.bucket),
      kind: 'bucket' as const,
      numeric: l.bucket.type === 'date_histogram' || l.bucket.type === 'histogram',
      time: l.bucket.type === 'date_histogram',
    })),
    ...data.columns.map((c) => ({
      key: c.key,
      label: c.label,
      kind: 'value' as const,
      numeric: !isTimeColumn(c) && c.metric?.metric.type !== 'last_value',
      time: isTimeColumn(c),
    })),
  ];
  const rows = data.rows.map((r, i) => {
    const cells: Record<string, TableCell> = {};
    for (const l of data.levels) {
      const s = r.steps.find((step) => step.level === l.level);
      cells[`b${l.level}`] = s
        ? {
            text: s.kind === 'date' ? formatTime(Number(s.key)) : s.label,
            raw: s.kind === 'date' ? Number(s.key) : s.key,
          }
        : { text: '', raw: null };
    }
    for (const c of data.columns) {
      const v = r.values[c.key] ?? null;
      cells[c.key] = { text: valueText(v, c, unit), raw: v };
    }
    return { id: `r${i}`, steps: r.steps, cells };
  });
  return { columns, rows };
}

/** The column a sort names: a column key, or a metric id (its first column). */
export function resolveSortColumn(table: TableData, column: string | undefined): string | undefined {
  if (column === undefined) return undefined;
  return table.columns.find((c) => c.key === column || c.key.startsWith(`${column}:`))?.key;
}

function compare(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** Rows sorted by a column (nulls and empty cells last either way); stable. */
export function sortRows(rows: readonly TableRow[], column: string | undefined, order: 'asc' | 'desc'): TableRow[] {
  if (!column) return [...rows];
  const sign = order === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => {
      const a = x.row.cells[column]?.raw ?? null;
      const b = y.row.cells[column]?.raw ?? null;
      if (a === null || b === null) return a === b ? x.i - y.i : a === null ? 1 : -1;
      return sign * compare(a, b) || x.i - y.i;
    })
    .map((x) => x.row);
}

export function pageCount(rows: number, pageSize: number): number {
  return Math.max(1, Math.ceil(rows / pageSize));
}

export function pageRows<T>(rows: readonly T[], page: number, pageSize: number): T[] {
  return rows.slice(page * pageSize, (page + 1) * pageSize);
}

/** The table as CSV (header, then rows in the order given): raw values, times as ISO 8601. */
export function tableCsv(table: TableData, rows: readonly TableRow[] = table.rows): string {
  const lines = [csvLine(table.columns.map((c) => c.label))];
  for (const row of rows) {
    lines.push(
      csvLine(
        table.columns.map((c) => {
          const cell = row.cells[c.key];
          if (!cell || cell.raw === null) return '';
          if (c.time && typeof cell.raw === 'number') return new Date(cell.raw).toISOString();
          return String(cell.raw);
        }),
      ),
    );
  }
  return lines.join('');
}
