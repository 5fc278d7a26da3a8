/** Builds processors from their config, and events for their tests (tests only). */
import type { ShipperEvent } from '../component.ts';

export const ev = (message: string, i = 0): ShipperEvent => ({
  id: `f:${i}`,
  source: 's',
  doc: { message, log: { level: 'info' } },
});

export const buildProcessor = <
  M extends {
    configSchema: { parse(x: unknown): unknown };
    build(c: never): { process(e: ShipperEvent[]): ShipperEvent[] };
  },
>(
  mod: M,
  config: object,
) => mod.build(mod.configSchema.parse(config) as never);
