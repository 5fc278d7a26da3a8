/**
 * The contract every output passes (as the stores pass store/src/contract.engine.test.ts): it
 * honours per-item results —
 * - stored → acknowledged (and the destination holds it);
 * - refused for good (a mapping conflict, an oversized record) → `rejected` with a reason (the
 *   pipeline dead-letters it), never acknowledged;
 * - retryable (429 / 5xx for an item) → retried within `send` until stored;
 * - a whole-request failure (destination down) → never an acknowledgement: the events are in
 *   neither list (or `send` throws), and they stay queued.
 * Each output's own tests keep the details; this is the shared baseline. An output that cannot
 * give a kind of result says why (the test is then skipped with that reason in its title).
 *
 * Run it with `outputContract(case)` from a test file (contract.test.ts for the outputs that need
 * no engine, contract.engine.test.ts for Elasticsearch and Kafka).
 */
import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import type { Output, OutputResult, QueuedEvent } from '../component.ts';
import { toQueued } from '../queue/types.ts';

export interface OpenedOutput {
  output: Output;
  /** Ids the destination holds now, read back from it. */
  stored(): Promise<string[]>;
  close?(): Promise<void>;
}

export interface OutputCase {
  name: string;
  /** Skip the whole suite (e.g. its engine is not running), with the reason. */
  skip?: string;
  /** An output to a working destination. */
  open(): Promise<OpenedOutput>;
  /** A document the destination refuses for good, or why it has none. */
  refused: { doc(): LogDocument } | { none: string };
  /** A destination that answers each item retryably once, then stores it; or why there is none. */
  retryable: { open(): Promise<OpenedOutput> } | { none: string };
  /** An output whose destination cannot be reached. */
  down(): Promise<Output>;
  /** Longest `send` of a few events, ms (default 20 s). */
  timeoutMs?: number;
}

let counter = 0;
function events(n: number, label: string): QueuedEvent[] {
  const run = `${Date.now().toString(36)}-${counter++}`;
  return Array.from({ length: n }, (_, i) =>
    toQueued({
      id: `${label}-${run}-${i}`,
      source: 'contract',
      doc: { '@timestamp': new Date(1_700_000_000_000 + i).toISOString(), message: `${label} ${i}`, n: i },
    }),
  );
}

const ids = (list: Array<QueuedEvent | { event: QueuedEvent }>): string[] =>
  list.map((e) => ('event' in e ? e.event.id : e.id)).sort();

function why(option: { none: string } | object): string | undefined {
  return 'none' in option ? option.none : undefined;
}

export function outputContract(c: OutputCase): void {
  const timeout = c.timeoutMs ?? 20_000;
  const title = (name: string, reason: string | undefined) => (reason ? `${name} [skipped: ${reason}]` : name);
  describe.skipIf(c.skip !== undefined)(title(`output contract: ${c.name}`, c.skip), () => {
    it('acknowledges what the destination stored, and only that', async () => {
      const o = await c.open();
      try {
        const batch = events(20, 'stored');
        const r = await o.output.send(batch, AbortSignal.timeout(timeout));
        expect(r.rejected).toEqual([]);
        expect(ids(r.acked)).toEqual(ids(batch));
        const held = new Set(await o.stored());
        for (const e of r.acked) expect(held.has(e.id), `${e.id} acknowledged but not stored`).toBe(true);
      } finally {
        await o.output.close();
        await o.close?.();
      }
    });

    const refusedWhy = why(c.refused);
    it.skipIf(refusedWhy !== undefined)(
      title('puts an item the destination refuses in rejected, with a reason, never in acked', refusedWhy),
      async () => {
        const refused = c.refused as { doc(): LogDocument };
        const o = await c.open();
        try {
          const [a, b] = events(2, 'ok');
          const bad = toQueued({ id: `bad-${Date.now()}-${counter++}`, source: 'contract', doc: refused.doc() });
          const r = await o.output.send([a as QueuedEvent, bad, b as QueuedEvent], AbortSignal.timeout(timeout));
          expect(ids(r.acked)).toEqual(ids([a as QueuedEvent, b as QueuedEvent]));
          expect(r.rejected.map((x) => x.event.id)).toEqual([bad.id]);
          expect(r.rejected[0]?.reason.length).toBeGreaterThan(0);
          expect(await o.stored()).not.toContain(bad.id);
        } finally {
          await o.output.close();
          await o.close?.();
        }
      },
    );

    const retryWhy = why(c.retryable);
    it.skipIf(retryWhy !== undefined)(
      title('retries an item answered retryably until it is stored, then acknowledges it', retryWhy),
      async () => {
        const o = await (c.retryable as { open(): Promise<OpenedOutput> }).open();
        try {
          const batch = events(5, 'retry');
          const r = await o.output.send(batch, AbortSignal.timeout(timeout));
          expect(r.rejected).toEqual([]);
          expect(ids(r.acked)).toEqual(ids(batch));
          const held = new Set(await o.stored());
          for (const e of batch) expect(held.has(e.id)).toBe(true);
        } finally {
          await o.output.close();
          await o.close?.();
        }
      },
    );

    it('never acknowledges when the whole request fails (destination down): the events stay queued', async () => {
      const output = await c.down();
      try {
        const batch = events(3, 'down');
        let result: OutputResult | undefined;
        try {
          result = await output.send(batch, AbortSignal.timeout(1_500));
        } catch {
          // A thrown send acknowledges nothing either.
        }
        expect(result?.acked ?? []).toEqual([]);
        expect(result?.rejected ?? []).toEqual([]);
        if (output.health) expect(output.health.healthy).toBe(false);
      } finally {
        await output.close().catch(() => undefined);
      }
    });
  });
}
