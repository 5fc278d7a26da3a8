import { openTestStore } from '../../test/ui/harness.ts';
const store = await openTestStore({ DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: '/tmp/uib10m' });
const to = Date.now(); const from = to - 7 * 86_400_000;
const q = process.env.Q ?? 'not event.dataset:"driftwood.audit"';
for (let i = 0; i < 3; i++) {
  let t = performance.now(); const c = await store.count({ query: q, from, to }); const tc = performance.now() - t;
  t = performance.now(); const s = await store.search({ query: q, from, to, size: 100 }); const ts = performance.now() - t;
  t = performance.now(); const s0 = await store.search({ query: q, from, to, size: 0 }); const ts0 = performance.now() - t;
  t = performance.now(); const s2 = await store.search({ query: '', from, to, size: 100 }); const ta = performance.now() - t;
  console.log({ count: c, countMs: Math.round(tc), searchMs: Math.round(ts), size0Ms: Math.round(ts0), total: s.total, allMs: Math.round(ta), n: s.hits.length + s0.hits.length + s2.hits.length });
}
await store.close();
