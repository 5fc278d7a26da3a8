import { alerts, createEmbeddedStore } from '@driftwood/store';
import { expect, it } from 'vitest';
import type { CycleReport } from './evaluator.ts';
import { startAlerting } from './start.ts';
import { events } from './test-helpers.ts';

it('startAlerting runs the latest slot on the wall clock and stops cleanly', async () => {
  const store = await createEmbeddedStore({ path: ':memory:' });
  await store.write(events(30, Date.now() - 4 * 60_000, 3 * 60_000, { level: 'error' }));
  await alerts.createRule(store, {
    id: 'live',
    name: 'Live',
    query: 'log.level:error',
    condition: { type: 'count', comparator: '>', threshold: 5 },
  });
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
