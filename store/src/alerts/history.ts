import type { EvaluationResult, HistoryEntry } from '@driftwood/core';
import type { LogStore } from '../contract.ts';
import { HISTORY_TYPE } from './objects.ts';

export const DEFAULT_HISTORY_LIMIT = 200;
/** Results kept per evaluation entry (non-ok groups first). */
export const MAX_RESULTS_PER_ENTRY = 100;

export class HistoryLog {
  private readonly store: LogStore;
  private readonly limit: number;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(store: LogStore, limit = DEFAULT_HISTORY_LIMIT) {
    this.store = store;
    this.limit = limit;
  }

  /** Prepends entries (given oldest first) to a rule's history. Serialised per rule. */
  append(ruleId: string, entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const previous = this.locks.get(ruleId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const current = await readHistory(this.store, ruleId);
      const merged = [...entries.slice().reverse(), ...current].slice(0, this.limit);
      await this.store.saveObject({ type: HISTORY_TYPE, id: ruleId, title: ruleId, attributes: { entries: merged } });
    });
    const settled = next.catch(() => undefined);
    this.locks.set(ruleId, settled);
    void settled.then(() => {
      if (this.locks.get(ruleId) === settled) this.locks.delete(ruleId);
    });
    return next;
  }

  /** Resolves when every pending append has been written. */
  async idle(): Promise<void> {
    while (this.locks.size > 0) await Promise.all(this.locks.values());
  }
}

export async function readHistory(store: LogStore, ruleId: string): Promise<HistoryEntry[]> {
  const object = await store.getObject(HISTORY_TYPE, ruleId);
  const entries = object?.attributes.entries;
  return Array.isArray(entries) ? (entries as HistoryEntry[]) : [];
}

/** Keeps the most interesting results when a grouped rule has very many groups. */
export function boundResults(results: EvaluationResult[]): { results: EvaluationResult[]; omitted?: number } {
  if (results.length <= MAX_RESULTS_PER_ENTRY) return { results };
  const rank = (r: EvaluationResult) => (r.transition ? 0 : r.state === 'ok' ? 2 : 1);
  const sorted = results.slice().sort((a, b) => rank(a) - rank(b));
  return { results: sorted.slice(0, MAX_RESULTS_PER_ENTRY), omitted: results.length - MAX_RESULTS_PER_ENTRY };
}
