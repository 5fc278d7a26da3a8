import { launchChromium, logIn, startUi, TEST_USERS } from '../../test/ui/harness.ts';
const env = { DRIFTWOOD_STORE: 'embedded' as const, DRIFTWOOD_DATA: '/tmp/uib10m' };
const server = await startUi(env);
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await logIn(context, server, process.env.AS === 'admin' ? TEST_USERS.admin : TEST_USERS.tester);
  for (let i = 0; i < 4; i++) {
    const page = await context.newPage();
    await page.goto(`${server.url}/discover?from=now-7d&to=now`);
    await page.waitForFunction(() => performance.getEntriesByName('driftwood:histogram').length > 0 && performance.getEntriesByName('driftwood:rows').length > 0, undefined, { timeout: 60_000 });
    await page.waitForTimeout(300);
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        ttfb: Math.round(nav.responseStart), domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        histogram: Math.round(performance.getEntriesByName('driftwood:histogram')[0]!.startTime),
        rows: Math.round(performance.getEntriesByName('driftwood:rows')[0]!.startTime),
        api: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/api/')).map((e) => `${new URL(e.name).pathname} ${Math.round(e.startTime)}→${Math.round(e.responseEnd)}`),
        js: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.endsWith('.js')).map((e) => Math.round(e.responseEnd)).sort((a, b) => b - a)[0],
      };
    });
    console.log(JSON.stringify(t));
    await page.close();
  }
} finally { await browser.close(); await server.stop(); }
