import { describe, expect, it } from 'vitest';
import { diskQueueSchema } from './config.ts';

describe('diskQueueSchema', () => {
  it('fills in the documented defaults', () => {
    expect(diskQueueSchema.parse({ type: 'disk' })).toEqual({
      type: 'disk',
      path: 'queue',
      max_bytes: 1024 * 1024 * 1024,
      max_events: 1_000_000,
      segment_bytes: 8 * 1024 * 1024,
      fsync: 'batch',
      fsync_interval_ms: 1000,
      memory_bytes: 8 * 1024 * 1024,
    });
  });

  it('takes each fsync mode and refuses others', () => {
    for (const fsync of ['always', 'batch', 'never'] as const) {
      expect(diskQueueSchema.parse({ type: 'disk', fsync }).fsync).toBe(fsync);
    }
    expect(diskQueueSchema.safeParse({ type: 'disk', fsync: 'sometimes' }).success).toBe(false);
  });

  it('refuses non-positive or fractional limits, but allows memory_bytes 0 (no read cache)', () => {
    for (const key of ['max_bytes', 'max_events', 'segment_bytes', 'fsync_interval_ms']) {
      expect(diskQueueSchema.safeParse({ type: 'disk', [key]: 0 }).success, key).toBe(false);
      expect(diskQueueSchema.safeParse({ type: 'disk', [key]: 1.5 }).success, key).toBe(false);
    }
    expect(diskQueueSchema.parse({ type: 'disk', memory_bytes: 0 }).memory_bytes).toBe(0);
    expect(diskQueueSchema.safeParse({ type: 'disk', memory_bytes: -1 }).success).toBe(false);
    expect(diskQueueSchema.safeParse({ type: 'disk', path: '' }).success).toBe(false);
  });

  it('refuses unknown keys and other queue types', () => {
    expect(diskQueueSchema.safeParse({ type: 'disk', max_byte: 10 }).success).toBe(false);
    expect(diskQueueSchema.safeParse({ type: 'memory' }).success).toBe(false);
  });
});
