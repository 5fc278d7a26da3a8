import { existsSync } from 'node:fs';
import { DemoCorpus } from '../generate.ts';
import { basicAuth, openTestStore, seedTestUsers, startUi, TEST_USERS, writeAll } from '../../test/ui/harness.ts';

const dir = '/tmp/uib10m';
const env = { DRIFTWOOD_STORE: 'embedded' as const, DRIFTWOOD_DATA: dir, ...(process.env.PLAIN ? { DRIFTWOOD_EMBEDDED_PLAIN: process.env.PLAIN } : {}) };
const N = Number(process.env.N ?? 10_000_000);
if (!existsSync(`${dir}/done`)) {
  const store = await openTestStore({ DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: dir });
  const now = Date.now();
  await writeAll(store, new DemoCorpus(Math.min(N, 100_000)).events(N, now - 7 * 86_400_000 + 60_000, now - 1000, 20_000));
  await seedTestUsers(store);
  await store.close();
  (await import('node:fs')).writeFileSync(`${dir}/done`, '');
}
const server = await startUi(env);
const who = process.env.AS === 'admin' ? TEST_USERS.admin : TEST_USERS.tester;
const auth = basicAuth(who.username, who.password);
const get = async (p: string) => {
  const t = performance.now();
  const res = await fetch(`${server.url}${p}`, { headers: { authorization: auth } });
  const body = await res.text();
  return { ms: Math.round(performance.now() - t), status: res.status, took: /"took":(\d+)/.exec(body)?.[1], len: body.length };
};
const q = 'from=now-7d&to=now';
const paths = [`/api/histogram?${q}`, `/api/search?${q}&size=100`, '/api/fields'];
try {
  for (let i = 0; i < 4; i++) {
    const solo: Record<string, unknown> = {};
    for (const p of paths) solo[p.split('?')[0]!] = await get(p);
    const t = performance.now();
    const together = await Promise.all(paths.map(get));
    console.log(JSON.stringify({ solo, together: together.map((x) => x.ms), all: Math.round(performance.now() - t) }));
  }
} finally {
  await server.stop();
}
