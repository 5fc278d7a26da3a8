/**
 * Screenshots of the ready dashboards, light and dark: `node test/up/screenshots.ts`.
 *
 * Builds the UI if needed, starts `driftwood up --demo` in a temporary data dir, logs in, opens each
 * ready dashboard (dashboards/*.json) over a fixed 12-hour window of the demo's backfill, waits for
 * every panel to be ready and writes docs/screenshots/<id>-light.png and <id>-dark.png (1440 px
 * wide, full page). Fails when a panel shows an error or never loads. Needs Chromium and Mosquitto
 * (the demo's IoT fleet), as `npm test` does.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildUi, launchChromium, REPO_ROOT } from '../ui/harness.ts';
import {
  demoWindow,
  openDashboard,
  READY_DASHBOARDS,
  screenshotDashboard,
  startDemoUp,
  type Theme,
  themedContext,
} from './dashboards-browser.ts';

const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');
const THEMES: Theme[] = ['light', 'dark'];

async function main(): Promise<void> {
  await buildUi();
  await mkdir(OUT, { recursive: true });
  const root = await mkdtemp(path.join(tmpdir(), 'driftwood-screenshots-'));
  const up = await startDemoUp(path.join(root, 'data'), { log: (line) => console.log(line) });
  const browser = await launchChromium();
  let failed = false;
  try {
    const window = demoWindow(up.backfillAt);
    console.log(`window ${window.from} → ${window.to}`);
    for (const theme of THEMES) {
      const context = await themedContext(browser, up, theme);
      const page = await context.newPage();
      for (const id of READY_DASHBOARDS) {
        const panels = await openDashboard(page, up, id, window);
        const bad = panels.filter((p) => p.state !== 'ready');
        const empty = panels.filter((p) => p.empty).map((p) => p.id);
        const file = path.join(OUT, `${id}-${theme}.png`);
        await screenshotDashboard(page, file);
        console.log(
          `${path.relative(REPO_ROOT, file)}: ${panels.length} panels` +
            (empty.length ? `, No results: ${empty.join(', ')}` : '') +
            (bad.length ? `, NOT READY: ${bad.map((p) => `${p.id} ${p.state} ${p.error ?? ''}`).join('; ')}` : ''),
        );
        if (bad.length) failed = true;
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await up.stop();
    await rm(root, { recursive: true, force: true });
  }
  if (failed) {
    console.error('screenshots: some panels were not ready (above)');
    process.exitCode = 1;
  }
}

await main();
