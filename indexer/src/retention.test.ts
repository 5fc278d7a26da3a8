import { createEmbeddedStore } from '@driftwood/store';
import { describe, expect, it } from 'vitest';
import { startRetention } from './retention.ts';

describe('retention', () => {
  it('deletes events older than the configured days, keeps the rest', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    const now = Date.UTC(2026, 5, 30);
    await store.write(
      Array.from({ length: 10 }, (_, i) => ({
        id: `r${i}`,
        doc: { '@timestamp': new Date(now - i * 86_400_000 - 1000).toISOString(), message: `day ${i}` },
      })),
    );
    const logs: string[] = [];
    const retention = startRetention(store, {
      days: 7,
      checkIntervalMs: 3_600_000,
      now: () => now,
      log: (l) => logs.push(l),
    });
    expect(await retention.runOnce()).toBe(3); // joins the pass that runs at start
    expect(await retention.runOnce()).toBe(0);
    retention.stop();
    // 7 kept + one audit event for the pass that deleted 3 (the empty second pass writes none)
    expect(await store.count({})).toBe(8);
    expect(logs).toEqual(['retention: deleted 3 events older than 7 days']);
    const { hits } = await store.search({ query: 'event.dataset:"driftwood.audit"' });
    expect(hits).toHaveLength(1);
    const doc = hits[0]?.doc as {
      event?: { action?: string; outcome?: string };
      driftwood?: { audit?: { details?: string } };
    };
    expect(doc.event).toMatchObject({ action: 'retention', outcome: 'success' });
    expect(JSON.parse(doc.driftwood?.audit?.details ?? '{}')).toMatchObject({ days: 7, deleted: 3 });
    await store.close();
  });
});
