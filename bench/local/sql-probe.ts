import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create('/tmp/uib10m/driftwood.duckdb', { access_mode: 'READ_ONLY' });
const c = await db.connect();
const cols = await (await c.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name='events' AND column_name LIKE '%dataset%' OR column_name LIKE '%timestamp%'`)).getRowObjects();
console.log(cols);
const ds = process.env.COL ?? 'event.dataset';
const ts = process.env.TS ?? '@timestamp';
const to = Date.now(), from = to - 7 * 86400000;
const qs = {
  A: `SELECT count(*) c FROM events WHERE "${ts}" >= ${from} AND "${ts}" < ${to} AND (NOT coalesce(("${ds}" = 'driftwood.audit'), FALSE))`,
  B: `SELECT count(*) c FROM events WHERE "${ts}" >= ${from} AND "${ts}" < ${to} AND ("${ds}" IS NULL OR "${ds}" <> 'driftwood.audit')`,
  C: `SELECT (SELECT count(*) FROM events WHERE "${ts}" >= ${from} AND "${ts}" < ${to}) - (SELECT count(*) FROM events WHERE "${ts}" >= ${from} AND "${ts}" < ${to} AND "${ds}" = 'driftwood.audit') c`,
  T: `SELECT count(*) c FROM events WHERE "${ts}" >= ${from} AND "${ts}" < ${to}`,
  E: `SELECT count(*) c FROM events WHERE "${ts}" >= ${from} AND "${ts}" < ${to} AND "${ds}" = 'driftwood.audit'`,
};
for (let i = 0; i < 3; i++) for (const [k, q] of Object.entries(qs)) { const t = performance.now(); const r = await (await c.runAndReadAll(q)).getRowObjects(); console.log(k, Math.round(performance.now() - t), String(r[0]?.c)); }
