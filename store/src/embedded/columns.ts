/** How the embedded store lays fields out as DuckDB columns. */
import type { FieldType } from '@driftwood/core';

export interface ColumnInfo {
  field: string;
  type: FieldType;
  /** The column holding the indexed values (for text fields: the token string). */
  column: string;
  /** A list column (the field has had several values in one event). */
  list: boolean;
  /** For ip fields: IPv4 addresses as numbers, for CIDR and ranges. */
  ip4Column?: string;
  /** For text fields: the raw value, for documents stored without `_source` (see shapes.ts). */
  rawColumn?: string;
}

export const TIMESTAMP_COLUMN = '@timestamp';

/** DuckDB type of a field's column. Dates are epoch milliseconds. */
export function sqlType(type: FieldType): string {
  switch (type) {
    case 'long':
    case 'date':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return 'VARCHAR';
  }
}

export function columnFor(field: string, type: FieldType, list: boolean): ColumnInfo {
  const info: ColumnInfo = { field, type, column: type === 'text' ? `${field}#tok` : field, list };
  if (type === 'ip') info.ip4Column = `${field}#ip4`;
  if (type === 'text') info.rawColumn = `${field}#raw`;
  return info;
}
