/** Saved objects (searches, visualisations, dashboards, alert rules) in the `_objects` table. */
import type { SavedObject } from '../contract.ts';
import type { Row, StoreContext } from './context.ts';

/** Stores an object as given (its `updatedAt` set by the caller); the caller holds the write lock. */
export async function putObject(ctx: StoreContext, object: SavedObject): Promise<void> {
  await ctx.db.run('INSERT OR REPLACE INTO _objects VALUES ($1, $2, $3, $4, $5)', [
    object.type,
    object.id,
    object.title,
    JSON.stringify(object.attributes),
    object.updatedAt ?? null,
  ]);
}

export async function getObject(ctx: StoreContext, type: string, id: string): Promise<SavedObject | undefined> {
  const [row] = await ctx.rows('SELECT * FROM _objects WHERE type = $1 AND id = $2', [type, id]);
  return row ? toObject(row) : undefined;
}

export async function listObjects(ctx: StoreContext, type: string): Promise<SavedObject[]> {
  return (await ctx.rows('SELECT * FROM _objects WHERE type = $1 ORDER BY title, id', [type])).map(toObject);
}

/** Deletes an object; whether there was one. The caller holds the write lock. */
export async function deleteObject(ctx: StoreContext, type: string, id: string): Promise<boolean> {
  const res = await ctx.db.run('DELETE FROM _objects WHERE type = $1 AND id = $2', [type, id]);
  return res.rowsChanged > 0;
}

function toObject(row: Row): SavedObject {
  return {
    type: String(row.type),
    id: String(row.id),
    title: String(row.title ?? ''),
    attributes: JSON.parse(String(row.attributes ?? '{}')) as Record<string, unknown>,
    updatedAt: row.updated_at === null ? undefined : String(row.updated_at),
  };
}
