import { describe, expect, it } from 'vitest';
import * as sample from './sample.ts';
import { buildProcessor, ev } from './test-helpers.ts';

describe('sample', () => {
  it('is deterministic by id', () => {
    const events = Array.from({ length: 2000 }, (_, i) => ev('x', i));
    const p = buildProcessor(sample, { type: 'sample', rate: 0.25 });
    const a = p.process(events).map((e) => e.id);
    expect(p.process(events).map((e) => e.id)).toEqual(a);
    expect(a.length).toBeGreaterThan(400);
    expect(a.length).toBeLessThan(600);
  });
});
