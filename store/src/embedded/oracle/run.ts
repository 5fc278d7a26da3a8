/**
 * The differential oracle: one workload (workload.ts) driven through the public LogStore API of
 * two embedded stores — one with the fast path(s) under test switched on, one on the plain path
 * (`plain: true`: one SQL scan of the events table, no shortcut) — and every read of queries.ts
 * compared after each step: write outcomes, hit counts, first pages of hits (ids, documents, sort
 * values), every aggregation type. A difference fails with the workload that shows it (fast-check
 * shrinks it and prints its seed). Runs per suite: DRIFTWOOD_ORACLE_RUNS (default 60).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent } from '@driftwood/core';
import { DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { LogStore } from '../../contract.ts';
import { createEmbeddedStore, type EmbeddedStore, FAST_PATHS, type FastPath } from '../store.ts';
import { type Read, readsFor } from './queries.ts';
import { type Step, stepEvents, T0, type Workload, workloadArb } from './workload.ts';

export const ORACLE_RUNS = Number(process.env.DRIFTWOOD_ORACLE_RUNS ?? 60);
/**
 * fast-check's seed: DRIFTWOOD_ORACLE_SEED replays a run (printed at its start, so a run whose
 * worker dies — where fast-check cannot report the failing workload — can still be replayed).
 */
const ORACLE_SEED = process.env.DRIFTWOOD_ORACLE_SEED;

/** What a read answered, or the error it failed with (both paths must fail alike). */
type Answer = { ok: unknown } | { error: string };

async function answer(p: Promise<unknown>): Promise<Answer> {
  try {
    return { ok: await p };
  } catch (error) {
    // Both paths failing for the same reason is the same answer: compared by the reason, since a
    // fast path may surface the engine's error unwrapped (`bigint out of int64 range` from a sum)
    // where the plain path wraps it as INTERNAL "embedded store query failed: …".
    const e = error as { message?: string };
    return { error: (e.message ?? String(error)).replace(/^embedded store query failed: /, '') };
  }
}

/** The three reads of one Read issued together, as a Discover page issues them. */
function ask(store: LogStore, read: Read): Promise<Answer[]> {
  return Promise.all([
    answer(store.search(read.search)),
    answer(store.aggregate(read.aggregate)),
    answer(store.count(read.count)),
  ]);
}

/**
 * Numbers equal, doubles within a relative 1e-9 (the same SQL sums the same doubles in another
 * order when the rows sit elsewhere); everything else exactly, key order of documents included.
 */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b)) return a === b;
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
    return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

function expectSame(fast: unknown, plain: unknown, what: string): void {
  // toEqual prints a readable diff; `same` also checks key order and float tolerance
  if (!same(fast, plain)) expect(fast, what).toStrictEqual(plain);
}

/** Two stores in one directory: `fast` with some fast paths on, `plain` with none. */
class Pair {
  private n = 0;
  fast!: EmbeddedStore;
  plain!: EmbeddedStore;
  private readonly files: { fast: string; plain: string };
  private readonly dir: string;
  private readonly on: readonly FastPath[];
  constructor(dir: string, on: readonly FastPath[]) {
    this.dir = dir;
    this.on = on;
    this.files = { fast: path.join(dir, 'fast.duckdb'), plain: path.join(dir, 'plain.duckdb') };
  }

  async open(): Promise<void> {
    this.n++;
    [this.fast, this.plain] = await Promise.all([
      createEmbeddedStore({ path: this.files.fast, plain: FAST_PATHS.filter((p) => !this.on.includes(p)) }),
      createEmbeddedStore({ path: this.files.plain, plain: true }),
    ]);
  }

  /** Closes both stores, or leaves them as a crash would: their files copied as they are now. */
  async reopen(clean: boolean): Promise<void> {
    if (!clean) {
      const copies = {
        fast: path.join(this.dir, `fast-${this.n}.duckdb`),
        plain: path.join(this.dir, `plain-${this.n}.duckdb`),
      };
      for (const which of ['fast', 'plain'] as const) {
        const from = this.files[which];
        const to = copies[which];
        // the database, its WAL and its ingest log (rows acknowledged and not loaded yet), as they are
        for (const suffix of ['', '.wal', '.ingest'])
          if (existsSync(from + suffix)) cpSync(from + suffix, to + suffix, { recursive: true });
        this.files[which] = to;
      }
    }
    await this.close();
    await this.open();
  }

  async close(): Promise<void> {
    await this.fast?.close();
    await this.plain?.close();
  }
}

/**
 * Writes of one step on both stores (concurrent calls when the step says so); outcomes compared.
 * `readsDuring` is issued on the fast store while its write is in flight; its answers are returned.
 */
async function write(
  pair: Pair,
  events: LogEvent[],
  calls: number,
  readsDuring?: () => Promise<Answer[][]>,
): Promise<{ during?: Promise<Answer[][]> }> {
  const parts: LogEvent[][] = [];
  const per = Math.ceil(events.length / calls);
  for (let i = 0; i < events.length; i += per) parts.push(events.slice(i, i + per));
  const fastDone = Promise.all(parts.map((p) => answer(pair.fast.write(p))));
  // reads issued while the write is in flight see it (reads wait for writes in progress)
  const during = readsDuring?.();
  const plainDone = await Promise.all(parts.map((p) => answer(pair.plain.write(p))));
  expectSame(await fastDone, plainDone, 'write outcomes');
  return { during };
}

async function compare(pair: Pair, reads: Read[], fastAnswers?: Promise<Answer[][]>, twice = false): Promise<void> {
  const [fast, plain] = await Promise.all([
    fastAnswers ?? Promise.all(reads.map((r) => ask(pair.fast, r))),
    Promise.all(reads.map((r) => ask(pair.plain, r))),
  ]);
  // asked again once the first answers are in: the answer cache's hits
  const again = twice ? await Promise.all(reads.map((r) => ask(pair.fast, r))) : [];
  reads.forEach((read, i) => {
    const label = `${JSON.stringify(read.aggregate.query ?? '')} ${read.aggregate.from}..${read.aggregate.to}`;
    const [ps, pa, pc] = plain[i] as Answer[];
    for (const [answers, when] of [
      [fast, ''],
      [again, ' (asked again)'],
    ] as const) {
      if (answers.length === 0) continue;
      const [fs, fa, fc_] = answers[i] as Answer[];
      expectSame(fc_, pc, `count ${label}${when}`);
      expectSame(fs, ps, `search ${label} ${JSON.stringify(read.search)}${when}`);
      expectSame(fa, pa, `aggregate ${label} ${JSON.stringify(read.aggregate.aggs)}${when}`);
    }
  });
}

export interface OracleStats {
  workloads: number;
  steps: number;
  events: number;
  reads: number;
  /** Statements that contained the fast path's SQL marker (or answers from the answer cache): proof that it ran. */
  used: number;
  /** Statements that contained each of `also`'s markers: proof that a part of the path ran. */
  usedAlso: Record<string, number>;
}

export interface OracleOptions {
  runs?: number;
  maxSteps?: number;
  /** Text of the SQL the fast path runs (counted in `used`), where it shows in SQL. */
  marker?: string;
  /** More markers, each counted on its own in `usedAlso` (a part of the fast path, e.g. one kind of query). */
  also?: readonly string[];
  /**
   * Every step asks the same reads, and asks the fast store twice (the answer cache's workload:
   * answers kept across writes, retention and restarts must never be served stale); `used` counts
   * the answers the fast store's answer cache served.
   */
  sameReads?: boolean;
}

/** Runs random workloads with the given fast paths on against the plain path. */
export async function runOracle(on: readonly FastPath[], options: OracleOptions = {}): Promise<OracleStats> {
  const { runs = ORACLE_RUNS, maxSteps = 4, marker, also = [], sameReads = false } = options;
  const stats: OracleStats = { workloads: 0, steps: 0, events: 0, reads: 0, used: 0, usedAlso: {} };
  for (const m of also) stats.usedAlso[m] = 0;
  // A plain wrapper, not vi.spyOn: a spy keeps every call's result (DuckDB results holding native
  // memory) until it is restored, which grew a suite's worker by ~35 MB per workload.
  const patched = marker
    ? (['run', 'runAndReadAll'] as const).map((method) => {
        const original = DuckDBConnection.prototype[method];
        DuckDBConnection.prototype[method] = function (this: DuckDBConnection, sql: string, ...rest: unknown[]) {
          if (sql.includes(marker)) stats.used++;
          for (const m of also) if (sql.includes(m)) stats.usedAlso[m] = (stats.usedAlso[m] ?? 0) + 1;
          return (original as (...a: unknown[]) => never).call(this, sql, ...rest);
        };
        return () => {
          DuckDBConnection.prototype[method] = original as never;
        };
      })
    : [];
  // tmpfs where there is one: the stores sync every write, which costs a disk far more than the answers
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const root = mkdtempSync(path.join(base, `driftwood-oracle-${on.join('-')}-`));
  const seed = ORACLE_SEED !== undefined ? Number(ORACLE_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
  console.log(`oracle [${on.join(', ')}]: seed ${seed} (DRIFTWOOD_ORACLE_SEED=${seed} replays this run)`);
  try {
    await fc.assert(
      fc.asyncProperty(workloadArb(maxSteps), async (workload) => {
        stats.workloads++;
        const dir = mkdtempSync(path.join(root, 'w-'));
        const pair = new Pair(dir, on);
        await pair.open();
        try {
          await runWorkload(pair, workload, stats, sameReads);
        } finally {
          await pair.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: runs, endOnFailure: true, seed },
    );
  } finally {
    for (const restore of patched) restore();
    rmSync(root, { recursive: true, force: true });
  }
  return stats;
}

async function runWorkload(pair: Pair, workload: Workload, stats: OracleStats, sameReads: boolean): Promise<void> {
  const written = new Map<string, LogEvent[]>();
  let seq = 0;
  const writeStep = async (step: Extract<Step, { kind: 'write' }>, reads: Read[]) => {
    const before = written.get(step.source) ?? [];
    const events = stepEvents(step, seq, before);
    seq += step.n;
    written.set(step.source, [...before, ...events]);
    stats.events += events.length;
    return write(
      pair,
      events,
      step.calls,
      step.readDuring ? () => Promise.all(reads.map((r) => ask(pair.fast, r))) : undefined,
    );
  };
  for (const [i, step] of workload.steps.entries()) {
    stats.steps++;
    const reads = readsFor(workload.querySeed + (sameReads ? 0 : i));
    stats.reads += reads.length * (sameReads ? 6 : 3);
    let during: Promise<Answer[][]> | undefined;
    if (step.kind === 'write') ({ during } = await writeStep(step, reads));
    else if (step.kind === 'retention') {
      const [f, p] = await Promise.all([
        answer(pair.fast.deleteOlderThan(step.cutoff + T0)),
        answer(pair.plain.deleteOlderThan(step.cutoff + T0)),
      ]);
      expectSame(f, p, 'deleteOlderThan');
    } else {
      // rows written just before a crash are still in the ingest log: the next open replays them
      if (!step.clean)
        await writeStep(
          { kind: 'write', source: 'app', n: 25, seed: i, mode: 'live', repeats: 0, calls: 1, readDuring: false },
          [],
        );
      await pair.reopen(step.clean);
    }
    // a reopened store starts with an empty cache: what it had kept is counted before the reopen
    const hits = pair.fast.answerCacheStats.hits;
    await compare(pair, reads, during, sameReads);
    if (sameReads) stats.used += pair.fast.answerCacheStats.hits - hits;
  }
}
