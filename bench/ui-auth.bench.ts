/**
 * What authentication adds to a UI API request (issue #16: at most 1 ms p50): the principal
 * lookup every route runs first (`ui/lib/server/route.ts` `principalOf`, the very function the
 * routes call) for a session cookie, HTTP Basic and an API key, against a security service on a
 * real embedded store, and the same call for an anonymous request (no credentials: nothing to
 * check) as the floor. The modes alternate in blocks so the machine's load falls on all alike.
 * Answers first: every call must give the expected user (or none) before a time is kept.
 * Session and Basic are the two ways the browser and scripts reach the UI; the key as a shipper
 * or a script holding one does. A verified credential is cached by the security service for up to
 * 5 s (the first call of each pays the scrypt or the store read; its steady cost is what a busy
 * client sees), so the p99 shows the cache refreshes.
 *
 *   BENCH_UI_AUTH_CALLS=20000   calls per mode (default 20,000, in blocks of 500)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, SecurityService, selectStore } from '../store/src/index.ts';
import { principalOf } from '../ui/lib/server/route.ts';
import { WrongAnswer } from './answers.ts';
import { machineLine, percentile, table, writeSection } from './results.ts';

const CALLS = Math.max(1000, Number(process.env.BENCH_UI_AUTH_CALLS ?? 20_000));
const BLOCK = 500;
const TARGET_MS = 1;

async function main(): Promise<void> {
  const loadStart = os.loadavg();
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-ui-auth-bench-'));
  const store = await openStore(selectStore({}, { DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: dir }), {
    owner: true,
  });
  try {
    const security = await SecurityService.open(store);
    const password = 'bench-viewer-password';
    await security.addUser({ username: 'bench', password, roles: ['viewer'] });
    const key = await security.createApiKey({ name: 'bench', roles: ['viewer'] });
    const { token } = await security.login('bench', password);
    const modes: Array<{ name: string; headers: Record<string, string>; who: string | undefined }> = [
      { name: 'session cookie (a logged-in browser)', headers: { cookie: `driftwood_session=${token}` }, who: 'bench' },
      {
        name: 'HTTP Basic (a script with a user)',
        headers: { authorization: `Basic ${Buffer.from(`bench:${password}`).toString('base64')}` },
        who: 'bench',
      },
      { name: 'API key', headers: { authorization: `ApiKey ${key.encoded}` }, who: key.id },
      { name: 'anonymous (no credentials: the floor)', headers: {}, who: undefined },
    ];
    const times = new Map<string, number[]>(modes.map((m) => [m.name, []]));
    const check = async (mode: (typeof modes)[number]) => {
      const principal = await principalOf(
        new Request('http://127.0.0.1/api/fields', { headers: mode.headers }),
        security,
        undefined,
      );
      const got = principal?.name;
      if (got !== mode.who) throw new WrongAnswer(`${mode.name}: principal ${got}, expected ${mode.who}`);
    };
    for (const mode of modes) await check(mode); // answers first (and the caches warm)
    for (let done = 0; done < CALLS; done += BLOCK) {
      for (const mode of modes) {
        const out = times.get(mode.name) as number[];
        for (let i = 0; i < BLOCK; i++) {
          const request = new Request('http://127.0.0.1/api/fields', { headers: mode.headers });
          const started = performance.now();
          const principal = await principalOf(request, security, undefined);
          out.push(performance.now() - started);
          if ((principal === undefined) !== (mode.who === undefined))
            throw new WrongAnswer(`${mode.name}: a call gave ${principal === undefined ? 'no' : 'a'} principal`);
        }
      }
    }
    const floor = percentile(times.get(modes[3]?.name as string) as number[], 50);
    const rows = modes.map((m) => {
      const t = times.get(m.name) as number[];
      const p50 = percentile(t, 50);
      return [
        m.name,
        (p50 * 1000).toFixed(1),
        (percentile(t, 99) * 1000).toFixed(1),
        m.who === undefined ? '' : p50 <= TARGET_MS ? `met (≤ ${TARGET_MS} ms)` : 'missed',
        m.who === undefined ? '' : ((p50 - floor) * 1000).toFixed(1),
      ];
    });
    for (const r of rows) console.log(`ui auth bench: ${r.join(' | ')}`);
    const load = loadStart.map((x) => x.toFixed(1)).join(' / ');
    writeSection(
      'ui-auth',
      [
        '## UI API requests: what authentication adds (`bench/ui-auth.bench.ts`)',
        '',
        `${machineLine()}; load average at start ${load}. The principal lookup every UI API route runs before its handler (\`ui/lib/server/route.ts\` \`principalOf\`, called as the routes call it) against the security service on an embedded store in a temp dir, ${CALLS.toLocaleString('en-US')} calls per mode in alternating blocks of ${BLOCK}, after each mode's answer was checked (the right user or key, none for anonymous). A verified session, Basic password or key is cached by the security service for up to 5 s; the p99 includes the refreshes.`,
        '',
        table(['credentials', 'p50 µs', 'p99 µs', 'target', 'p50 over the floor µs'], rows),
      ].join('\n'),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => {
  console.error(error instanceof WrongAnswer ? `ui auth bench: wrong answer: ${error.message}` : error);
  process.exit(1);
});
