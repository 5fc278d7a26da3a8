/**
 * Property: for any sequence of writes, rotations (rename + create), truncations, deletions of
 * rotated files and restarts (with only some events acknowledged), every line written is
 * delivered (nothing lost), nothing else is (nothing invented), and a line delivered twice
 * carries the same id both times (deterministic ids, so the store keeps one).
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShipperEvent } from '../../component.ts';
import { type Harness, runSource } from './test-harness.ts';

type Op =
  | { kind: 'write'; lines: number }
  | { kind: 'rotate' }
  | { kind: 'truncate' }
  | { kind: 'delete' }
  | { kind: 'restart'; ackFraction: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), lines: fc.integer({ min: 1, max: 80 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'rotate' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'truncate' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('restart' as const),
      ackFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
);

async function until(what: string, ok: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('file source properties', () => {
  it('random write / rotate / truncate / delete / restart: nothing lost, nothing invented', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), fc.boolean(), async (ops, smallFingerprint) => {
        const dir = await mkdtemp(path.join(tmpdir(), 'dw-prop-'));
        const logs = path.join(dir, 'logs');
        mkdirSync(logs);
        const data = path.join(dir, 'data');
        const file = path.join(logs, 'app.log');
        const config = {
          paths: [`${logs}/app.log*`],
          fingerprint_bytes: smallFingerprint ? 32 : 1024,
          close_removed_ms: 200,
        };
        const written = new Set<string>();
        const delivered: ShipperEvent[] = [];
        let seq = 0;
        let rotations = 0;
        let h: Harness = await runSource(config, data, { autoAck: false });
        const seen = () => new Set([...delivered, ...h.events].map((e) => String(e.doc.message)));
        const caughtUp = () => until('catch up', () => seen().size === written.size);
        try {
          for (const o of ops) {
            if (o.kind === 'write') {
              let text = '';
              for (let i = 0; i < o.lines; i++) {
                const line = `L${seq++}`;
                written.add(line);
                text += `${line}\n`;
              }
              appendFileSync(file, text);
            } else if (o.kind === 'rotate') {
              if (existsSync(file)) renameSync(file, `${file}.${++rotations}`);
            } else if (o.kind === 'truncate') {
              await caughtUp();
              if (existsSync(file)) truncateSync(file, 0);
              await new Promise((r) => setTimeout(r, 120));
            } else if (o.kind === 'delete') {
              await caughtUp();
              if (rotations > 0) rmSync(`${file}.${rotations}`, { force: true });
            } else {
              const n = Math.floor(h.events.length * o.ackFraction);
              h.source.ack(h.events.slice(0, n));
              await h.stop();
              delivered.push(...h.events);
              h = await runSource(config, data, { autoAck: false });
            }
          }
          await caughtUp();
          await new Promise((r) => setTimeout(r, 150));
          const all = [...delivered, ...h.events];
          const messages = new Set(all.map((e) => String(e.doc.message)));
          expect([...written].filter((m) => !messages.has(m))).toEqual([]);
          expect([...messages].filter((m) => !written.has(m))).toEqual([]);
          const idOf = new Map<string, string>();
          for (const e of all) {
            const m = String(e.doc.message);
            const prev = idOf.get(m);
            if (prev !== undefined) expect(e.id, `${m} delivered with two ids`).toBe(prev);
            idOf.set(m, e.id);
          }
          expect(new Set(idOf.values()).size).toBe(written.size);
        } finally {
          await h.stop();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 15) },
    );
  }, 120_000);
});
