import { describe, expect, it } from 'vitest';
import { deadLetterEvent } from './dead-letter.ts';

describe('deadLetterEvent', () => {
  it('keeps the original, reason, pipeline and time, with an id derived from the event', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const a = deadLetterEvent(
      { id: 'x1', original: '{bad', reason: 'not JSON', pipeline: 'auto', input: 'bulk', origin: 'logs' },
      { now },
    );
    expect(a.doc).toMatchObject({
      '@timestamp': now.toISOString(),
      event: { dataset: 'driftwood.deadletter', original: '{bad' },
      error: { message: 'not JSON' },
      driftwood: { deadletter: { pipeline: 'auto', input: 'bulk', origin: 'logs', event_id: 'x1' } },
    });
    expect(deadLetterEvent({ id: 'x1', original: '', reason: 'r', pipeline: 'p', input: 'i' }).id).toBe(a.id);
  });

  it('cuts very long originals and tags them', () => {
    const d = deadLetterEvent(
      { id: 'y', original: 'a'.repeat(5000), reason: 'r', pipeline: 'p', input: 'i' },
      { maxOriginalBytes: 1024 },
    );
    expect((d.doc.event as { original: string }).original).toHaveLength(1024);
    expect(d.doc.tags).toContain('_truncated');
  });
});
