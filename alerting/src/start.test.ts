import { alerts } from '@driftwood/store';
import { expect, it } from 'vitest';
import type { CycleReport } from './evaluator.ts';
import { startAlerting } from './start.ts';
import { liveRuleStore } from './test-helpers.ts';

it('startAlerting runs the latest slot on the wall clock and stops cleanly', async () => {
  const store = await liveRuleStore();
  const reports: CycleReport[] = [];
  let done!: () => void;
  const first = new Promise<void>((r) => {
    done = r;
  });
  const service = startAlerting({
    store,
    publicUrl: 'http://ui.test',
    maxSleepMs: 50,
    onCycle: (report) => {
      reports.push(report);
      if (report.evaluated > 0) done();
    },
  });
  await first;
  await service.stop();
  expect(reports[0]?.evaluated).toBe(1);
  expect(reports[0]?.nextDueAt).toBeGreaterThan(Date.now() - 60_000);
  expect((await alerts.getRule(store, 'live')).status).toBe('firing');
  await store.close();
});
