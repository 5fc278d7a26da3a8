/** Test fixtures for alert rules: a fixed clock and event makers (the alerting service's tests use them too). */
import type { LogEvent } from '@driftwood/core';

export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
export const MINUTE = 60_000;

let seq = 0;
/** `count` events spread evenly over [from, from + spanMs). */
export function events(
  count: number,
  from: number,
  spanMs: number,
  fields: { level?: string; host?: string; service?: string; duration?: number; message?: string } = {},
): LogEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `e${++seq}`,
    doc: {
      '@timestamp': new Date(from + Math.floor((i * spanMs) / Math.max(count, 1))).toISOString(),
      message: fields.message ?? `request ${i}`,
      log: { level: fields.level ?? 'info' },
      host: { name: fields.host ?? 'web-1' },
      service: { name: fields.service ?? 'api' },
      event: { duration: fields.duration ?? 100 },
    },
  }));
}
