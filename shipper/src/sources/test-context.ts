/** A SourceContext for source tests: records what the source emits (tests only). */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ShipperEvent, SourceContext } from '../component.ts';
import { memoryLogger } from '../log.ts';
import { withDoc } from '../pipeline.ts';

/** A logger for source tests that do not look at the logs (kept in memory). */
export const silentLog = memoryLogger();

/** `emitDelay` holds each `emit` (backpressure) until it resolves. */
export function recordingContext(emitDelay?: () => Promise<void>): {
  ctx: SourceContext;
  events: ShipperEvent[];
  emits: number;
} {
  const state = {
    events: [] as ShipperEvent[],
    emits: 0,
    ctx: {
      async emit(batch) {
        state.emits++;
        if (emitDelay) await emitDelay();
        state.events.push(...batch.map(withDoc));
      },
      dataDir: tmpdir(),
      hostName: 'shipper-host',
      agent: { name: 'test', type: 'driftwood-shipper', version: '0.0.0', id: 'agent-1' },
      log: silentLog,
      signal: new AbortController().signal,
    } as SourceContext,
  };
  return state;
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A test that needs an installed program: `skip` when it is missing (its title then says why),
 * except under CI=true, where the test runs and `check()` fails it.
 */
export function needsBinary(file: string): { skip: boolean; title(name: string): string; check(): void } {
  const present = existsSync(file);
  const skip = !present && process.env.CI !== 'true';
  return {
    skip,
    title: (name) => (skip ? `${name} [skipped: ${file} is not installed]` : name),
    check() {
      if (!existsSync(file)) throw new Error(`${file} is missing (CI=true: a missing program fails the test)`);
    },
  };
}
