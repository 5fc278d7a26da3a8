import { describe, expect, it } from 'vitest';
import { shortRange } from './time-label.ts';

describe("a panel's own time, short", () => {
  it('names quick ranges and keeps relative expressions', () => {
    expect(shortRange('now-1h', 'now')).toBe('Last 1 hour');
    expect(shortRange('now-2h', 'now-1h')).toBe('now-2h → now-1h');
  });
  it('writes absolute times in UTC to the minute, one date when both share it', () => {
    expect(shortRange('2026-12-02T08:33:50.349Z', '2026-12-02T10:33:50.349Z')).toBe('Dec 02 08:33 → 10:33 UTC');
    expect(shortRange('2026-11-30T23:00:00Z', '2026-12-01T01:00:00Z')).toBe('Nov 30 23:00 → Dec 01 01:00 UTC');
    expect(shortRange('2026-12-02T08:00:00Z', 'now')).toBe('Dec 02 08:00 → now UTC');
  });
});
