/**
 * Where alerting keeps its data: saved objects in the LogStore, so every backend works and a
 * restart resumes exactly.
 *
 * | type                 | id       | attributes                                               |
 * |----------------------|----------|----------------------------------------------------------|
 * | `alert_rule`         | rule id  | the rule (see `@driftwood/core` alerts/rule.ts)          |
 * | `alert_state`        | rule id  | last evaluated slot, last error, state per group         |
 * | `alert_history`      | rule id  | the latest evaluations and notification attempts, newest first, bounded |
 * | `alert_notification` | intent id| one notification intent with its delivery per action    |
 */
import { type GroupState, parseRule, type Rule, type RuleError } from '@driftwood/core';
import type { LogStore, SavedObject } from '../contract.ts';

export const RULE_TYPE = 'alert_rule';
export const STATE_TYPE = 'alert_state';
export const HISTORY_TYPE = 'alert_history';
export const NOTIFICATION_TYPE = 'alert_notification';

export interface RuleState {
  ruleId: string;
  /** The slot (window end, epoch ms) of the last evaluation. */
  lastWindowEnd?: number;
  /** Wall-clock ISO time of the last evaluation. */
  lastRunAt?: string;
  lastDurationMs?: number;
  /** The last problem (bad KQL, unreachable webhook, store error); cleared by a clean run. */
  lastError?: RuleError;
  /** Group key ('' for an ungrouped rule) → state. */
  groups: Record<string, GroupState>;
}

export function emptyState(ruleId: string): RuleState {
  return { ruleId, groups: {} };
}

export async function loadRules(store: LogStore): Promise<Array<{ object: SavedObject; rule?: Rule; error?: Error }>> {
  const objects = await store.listObjects(RULE_TYPE);
  return objects.map((object) => {
    try {
      return { object, rule: parseRule({ ...object.attributes, id: object.id }) };
    } catch (error) {
      return { object, error: error as Error };
    }
  });
}

export async function saveRule(store: LogStore, rule: Rule): Promise<SavedObject> {
  return store.saveObject({ type: RULE_TYPE, id: rule.id, title: rule.name, attributes: { ...rule } });
}

export async function loadState(store: LogStore, ruleId: string): Promise<RuleState> {
  const object = await store.getObject(STATE_TYPE, ruleId);
  return object ? toState(ruleId, object) : emptyState(ruleId);
}

export async function loadAllStates(store: LogStore): Promise<Map<string, RuleState>> {
  const out = new Map<string, RuleState>();
  for (const object of await store.listObjects(STATE_TYPE)) out.set(object.id, toState(object.id, object));
  return out;
}

function toState(ruleId: string, object: SavedObject): RuleState {
  const a = object.attributes as Partial<RuleState>;
  return { ...a, ruleId, groups: a.groups ?? {} };
}

export async function saveState(store: LogStore, state: RuleState): Promise<void> {
  await store.saveObject({ type: STATE_TYPE, id: state.ruleId, title: state.ruleId, attributes: { ...state } });
}

/** Removes a rule with its state and history (notification intents stay until pruned). */
export async function deleteRuleObjects(store: LogStore, ruleId: string): Promise<boolean> {
  const existed = await store.deleteObject(RULE_TYPE, ruleId);
  await store.deleteObject(STATE_TYPE, ruleId);
  await store.deleteObject(HISTORY_TYPE, ruleId);
  return existed;
}
