import { describe, expect, it } from 'vitest';
import { describeRange, formatTimestamp, resolveRange, timeError, zoomExpressions } from './time.ts';

const now = new Date('2024-05-01T12:34:56.789Z');

describe('time ranges', () => {
  it('resolves relative ranges with an exclusive end', () => {
    const r = resolveRange('now-15m', 'now', now);
    expect(r).toEqual({ ok: true, range: { from: now.getTime() - 900_000, to: now.getTime() + 1 } });
    const today = resolveRange('now/d', 'now/d', now);
    expect(today).toEqual({
      ok: true,
      range: { from: Date.parse('2024-05-01T00:00:00Z'), to: Date.parse('2024-05-02T00:00:00Z') },
    });
  });

  it('reports bad and reversed ranges', () => {
    expect(resolveRange('yesterday', 'now', now).ok).toBe(false);
    expect(resolveRange('now', 'now-1h', now)).toMatchObject({ ok: false });
    expect(timeError('now-2x')).toMatch(/Invalid time expression/);
    expect(timeError('2024-05-01')).toBeUndefined();
  });

  it('zoom writes absolute ISO times that resolve back to the same range', () => {
    const z = zoomExpressions(1_714_560_000_000, 1_714_563_600_000);
    expect(resolveRange(z.from, z.to, now)).toEqual({
      ok: true,
      range: { from: 1_714_560_000_000, to: 1_714_563_600_000 },
    });
  });

  it('labels and formats', () => {
    expect(describeRange('now-15m', 'now')).toBe('Last 15 minutes');
    expect(describeRange('now-2h', 'now')).toBe('now-2h → now');
    expect(formatTimestamp(Date.parse('2024-05-01T03:04:05.006Z'), 'UTC')).toBe('May 01, 2024 @ 03:04:05.006');
  });
});
