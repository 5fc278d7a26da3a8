/**
 * faultySaves: a real LogStore whose `saveObject` throws STORE_UNAVAILABLE for the saved objects
 * `fail` picks — a fault a real store cannot produce on demand (tests of the evaluator and the
 * outbox). Everything else, and every save `fail` lets through, goes to the real store.
 */
import { DriftwoodError } from '@driftwood/core';
import type { LogStore, SavedObject } from '@driftwood/store';

export interface SaveFaults {
  /** Whether this save fails (default: none). */
  fail: (object: SavedObject) => boolean;
  /** `type/id` of every save that was made to fail. */
  readonly failed: string[];
}

export function faultySaves(inner: LogStore): { store: LogStore; faults: SaveFaults } {
  const faults: SaveFaults = { fail: () => false, failed: [] };
  const saveObject = async (object: SavedObject): Promise<SavedObject> => {
    if (faults.fail(object)) {
      faults.failed.push(`${object.type}/${object.id}`);
      throw new DriftwoodError('STORE_UNAVAILABLE', `injected: cannot save ${object.type} ${object.id}`);
    }
    return inner.saveObject(object);
  };
  const store = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'saveObject') return saveObject;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, faults };
}
