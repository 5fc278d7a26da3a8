/**
 * The events table follows the field catalogue: a column per field as fields appear, a scalar
 * column turned into a list when a field gets several values, catalogue rows in `_fields`.
 * `planColumns` works out the changes a part of a write needs; `evolve` makes them, after the
 * rows pending in the ingest log are loaded (they follow the current layout) and with reads held
 * back by the schema gate.
 */
import { DriftwoodError, type FieldType } from '@driftwood/core';
import { FieldCatalog } from '../field-catalog.ts';
import { type ColumnInfo, columnFor, sqlType, TIMESTAMP_COLUMN } from './columns.ts';
import { num, type StoreContext } from './context.ts';
import type { PreparedRow } from './load.ts';
import { ShapeRegistry } from './shapes.ts';
import { quoteIdent } from './sql.ts';

/** Schema changes for a write: statements, and catalogue rows (field, type, list). */
export interface ColumnPlan {
  changes: string[];
  persist: Array<[string, FieldType, boolean]>;
  /** The column map once the changes are made. */
  columns: Map<string, ColumnInfo>;
}

/** Reads the catalogue, the columns and the document shapes as the file has them. */
export async function loadSchema(ctx: StoreContext): Promise<void> {
  const rows = (await ctx.db.runAndReadAll('SELECT name, type, list, has_column FROM _fields')).getRowObjectsJS();
  const known: Array<[string, FieldType]> = rows.map((r) => [String(r.name), String(r.type) as FieldType]);
  ctx.catalog = new FieldCatalog(known);
  const columns = new Map<string, ColumnInfo>();
  for (const r of rows) {
    if (r.has_column)
      columns.set(String(r.name), columnFor(String(r.name), String(r.type) as FieldType, Boolean(r.list)));
  }
  ctx.columns = columns;
  const shapes = await ctx.db
    .runAndReadAll('SELECT id, template FROM _shapes')
    .then((r) => r.getRowObjectsJS().map((row): [number, string] => [num(row.id), String(row.template)]))
    .catch(() => [] as Array<[number, string]>); // a read-only file from before synthetic source
  ctx.shapes = new ShapeRegistry(shapes);
  await refreshTableColumns(ctx);
}

/** Reads the physical column order of the events table; the encoders are made again for it. */
export async function refreshTableColumns(ctx: StoreContext): Promise<void> {
  const rows = (
    await ctx.db.runAndReadAll(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
    )
  ).getRowObjectsJS();
  ctx.tableColumns = rows.map((r) => ({ name: String(r.column_name), sqlType: String(r.data_type) }));
  ctx.encoder = undefined;
  ctx.fastEncoder = undefined;
}

/**
 * The schema changes a part of a write needs: columns for new fields, scalar columns turned
 * into lists when a field gets several values, catalogue rows. `evolve` makes the table match.
 */
export function planColumns(ctx: StoreContext, prepared: PreparedRow[], declared: Map<string, FieldType>): ColumnPlan {
  const changes: string[] = [];
  const persist: Array<[string, FieldType, boolean]> = [];
  for (const [field, type] of declared) {
    if (type === 'object') persist.push([field, type, false]);
  }
  const needed = new Map<string, boolean>();
  for (const { prepared: p } of prepared) {
    for (const [field, values] of p.values) {
      if (field === TIMESTAMP_COLUMN) continue;
      const existing = ctx.columns.get(field);
      // the common case: a column that already holds what this event brings
      if (existing !== undefined && (existing.list || (values.length <= 1 && field !== 'tags'))) continue;
      const type = ctx.catalog.get(field);
      const multi = type !== 'text' && values.length > 1;
      needed.set(field, (needed.get(field) ?? false) || multi || field === 'tags');
    }
  }
  // the columns after the changes; ctx.columns stays as it is until they are applied
  let changed: Map<string, ColumnInfo> | undefined;
  const columns = () => {
    changed ??= new Map(ctx.columns);
    return changed;
  };
  for (const [field, wantList] of needed) {
    const type = ctx.catalog.get(field) as FieldType;
    const existing = ctx.columns.get(field);
    if (!existing) {
      const info = columnFor(field, type, wantList);
      const t = sqlType(type) + (wantList ? '[]' : '');
      // Token strings are stored uncompressed: free-text search scans them whole, and FSST
      // decompression was half its time (measured: Discover `refused` at 1M 45 -> 35 ms, +35 MB
      // per million events). Files made before keep their compressed column.
      const compression = type === 'text' ? ' USING COMPRESSION uncompressed' : '';
      changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.column)} ${t}${compression}`);
      if (info.ip4Column)
        changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.ip4Column)} BIGINT${wantList ? '[]' : ''}`);
      if (info.rawColumn) changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.rawColumn)} VARCHAR`);
      columns().set(field, info);
      persist.push([field, type, wantList]);
    } else if (wantList && !existing.list) {
      const t = `${sqlType(type)}[]`;
      const id = quoteIdent(existing.column);
      changes.push(
        `ALTER TABLE events ALTER COLUMN ${id} TYPE ${t} USING CASE WHEN ${id} IS NULL THEN NULL ELSE [${id}] END`,
      );
      if (existing.ip4Column) {
        const ip = quoteIdent(existing.ip4Column);
        changes.push(
          `ALTER TABLE events ALTER COLUMN ${ip} TYPE BIGINT[] USING CASE WHEN ${ip} IS NULL THEN NULL ELSE [${ip}] END`,
        );
      }
      columns().set(field, { ...existing, list: true });
      persist.push([field, type, true]);
    }
  }
  return { changes, persist, columns: changed ?? ctx.columns };
}

/** Makes the table and the catalogue rows match a plan; the column map is the plan's at once. */
async function applyColumns(ctx: StoreContext, { changes, persist, columns }: ColumnPlan): Promise<void> {
  ctx.columns = columns;
  for (const sql of changes) await ctx.db.run(sql);
  for (const [field, type, list] of persist) {
    await ctx.db.run('INSERT OR REPLACE INTO _fields VALUES ($1, $2, $3, $4)', [field, type, list, columns.has(field)]);
  }
  if (changes.length > 0) await refreshTableColumns(ctx);
  // paths the fast encoder found unknown may be declared now
  else if (persist.length > 0) ctx.fastEncoder = undefined;
}

/**
 * Applies a plan. A change of the table's columns first loads the rows in the ingest log (`drain`:
 * they follow the current layout) and waits for the reads in flight (the schema gate). A failed
 * change reloads the catalogue and columns as the table has them.
 */
export async function evolve(ctx: StoreContext, plan: ColumnPlan, drain: () => Promise<void>): Promise<void> {
  let release: (() => void) | undefined;
  if (plan.changes.length > 0) {
    await drain();
    release = await ctx.gate.exclusive();
  }
  try {
    await applyColumns(ctx, plan);
  } catch (error) {
    await loadSchema(ctx).catch(() => undefined);
    throw new DriftwoodError('INTERNAL', `embedded store schema change failed: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    release?.();
  }
}
