import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedStore, type EmbeddedStore } from '../embedded/store.ts';
import { previewRule } from './preview.ts';
import { events, MINUTE, T0 } from './testdata/events.ts';

const count = { type: 'count', comparator: '>=', threshold: 10 };

describe('rule preview (embedded store)', () => {
  let store: EmbeddedStore;
  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    // one event a minute on web-1 for the hour before T0; a burst of 20 on web-2 in [T0-10m, T0-5m)
    await store.write(events(60, T0 - 60 * MINUTE, 60 * MINUTE, { host: 'web-1', duration: 100 }));
    await store.write(events(20, T0 - 10 * MINUTE, 5 * MINUTE, { host: 'web-2', duration: 500 }));
    await store.flush();
  });
  afterAll(() => store.close());

  it('a count rule: the exact window count at each slot, the breaching points counted', async () => {
    const p = await previewRule(
      store,
      { name: 'P', condition: count, every: '5m', window: '10m' },
      { now: T0 + 30_000, rangeMs: 30 * MINUTE },
    );
    expect(p).toMatchObject({ measure: 'count', threshold: '>= 10', stepMs: 5 * MINUTE, windowMs: 10 * MINUTE });
    expect(p.to).toBe(new Date(T0).toISOString());
    expect(p.from).toBe(new Date(T0 - 25 * MINUTE - 10 * MINUTE).toISOString());
    const [series] = p.series;
    expect(series?.group).toBeNull();
    expect(series?.points.map((x) => x.time)).toEqual(
      [25, 20, 15, 10, 5, 0].map((m) => new Date(T0 - m * MINUTE).toISOString()),
    );
    // slots T0-25m … T0-10m see 10 web-1 events; T0-5m and T0 also see the 20 of web-2
    expect(series?.points.map((x) => x.value)).toEqual([10, 10, 10, 10, 30, 30]);
    expect(p.breaches).toBe(6);
  });

  it('a grouped count rule: one series per top group', async () => {
    const p = await previewRule(
      store,
      {
        name: 'P',
        condition: { ...count, threshold: 15 },
        every: '5m',
        window: '5m',
        group_by: { field: 'host.name' },
      },
      { now: T0, rangeMs: 15 * MINUTE },
    );
    const byGroup = Object.fromEntries(p.series.map((s) => [s.group, s.points.map((x) => [x.value, x.breached])]));
    expect(byGroup).toEqual({
      'web-1': [
        [5, false],
        [5, false],
        [5, false],
      ],
      'web-2': [
        [0, false],
        [20, true],
        [0, false],
      ],
    });
    expect(p.series.map((s) => s.group)).toEqual(['web-2', 'web-1']); // by count over the range: 20 vs 15
    expect(p.breaches).toBe(1);
  });

  it('a metric rule: one aggregation per point, at most maxPoints, steps a multiple of every', async () => {
    const p = await previewRule(
      store,
      {
        name: 'P',
        condition: { type: 'metric', agg: 'max', field: 'event.duration', comparator: '>', threshold: 200 },
        every: '1m',
        window: '5m',
      },
      { now: T0, rangeMs: 60 * MINUTE, maxPoints: 4 },
    );
    expect(p.stepMs).toBe(15 * MINUTE);
    expect(p.series[0]?.points.map((x) => [x.value, x.breached])).toEqual([
      [100, false],
      [100, false],
      [100, false],
      [100, false],
    ]);
    const burst = await previewRule(
      store,
      {
        name: 'P',
        condition: { type: 'metric', agg: 'max', field: 'event.duration', comparator: '>', threshold: 200 },
        every: '5m',
        window: '5m',
      },
      { now: T0 - 5 * MINUTE, rangeMs: 10 * MINUTE },
    );
    expect(burst.series[0]?.points.map((x) => [x.value, x.breached])).toEqual([
      [100, false],
      [500, true],
    ]);
  });

  it('an invalid rule is INPUT_INVALID', async () => {
    await expect(previewRule(store, { name: 'P', condition: { type: 'count' } })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
