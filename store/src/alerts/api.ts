/**
 * The alert rule API (plain async functions over a LogStore): the UI's `/api/alerts` routes call
 * it, and the alerting service's CLI and tests. Errors are DriftwoodErrors: INPUT_INVALID (with `details.issues`) and NOT_FOUND.
 */

import { randomBytes } from 'node:crypto';
import {
  type AlertStatus,
  DriftwoodError,
  type GroupSummary,
  type HistoryEntry,
  type NotificationIntent,
  type Preview,
  parseRule,
  type Rule,
  type RuleError,
  type RuleSummary,
  redactError,
  redactHistoryEntry,
  redactIntent,
  redactRule,
  restoreSecrets,
} from '@driftwood/core';
import type { LogStore } from '../contract.ts';
import { readHistory } from './history.ts';
import { listIntents } from './notifications.ts';
import {
  deleteRuleObjects,
  emptyState,
  loadAllStates,
  loadRules,
  loadState,
  RULE_TYPE,
  type RuleState,
  saveRule,
} from './objects.ts';
import { type PreviewOptions, previewRule as preview } from './preview.ts';

const RANK: Record<AlertStatus, number> = { firing: 0, pending: 1, resolved: 2, ok: 3 };

function summarize(
  id: string,
  name: string,
  rule: Rule | undefined,
  state: RuleState,
  updatedAt?: string,
  invalid?: string,
): RuleSummary {
  const groups: GroupSummary[] = Object.entries(state.groups)
    .map(([key, g]) => ({
      group: rule?.group_by ? key : null,
      status: g.status,
      value: g.value,
      since: new Date(g.since).toISOString(),
    }))
    .sort((a, b) => RANK[a.status] - RANK[b.status] || String(a.group).localeCompare(String(b.group)));
  const worst = groups[0]?.status ?? 'ok';
  const lastError: RuleError | undefined =
    invalid !== undefined
      ? { source: 'evaluation', code: 'INPUT_INVALID', message: invalid, at: updatedAt ?? new Date().toISOString() }
      : state.lastError && { ...state.lastError, message: redactError(state.lastError.message) };
  return {
    id,
    rule: rule ? redactRule(rule) : undefined,
    name,
    status: invalid !== undefined ? 'invalid' : rule && !rule.enabled ? 'disabled' : worst,
    groups,
    firing: groups.filter((g) => g.status === 'firing').length,
    lastRunAt: state.lastRunAt,
    lastWindowEnd: state.lastWindowEnd === undefined ? undefined : new Date(state.lastWindowEnd).toISOString(),
    ...(lastError ? { lastError } : {}),
    muted: rule?.muted ?? false,
    ...(rule?.snoozed_until ? { snoozedUntil: rule.snoozed_until } : {}),
    updatedAt,
  };
}

/** Every rule with its state, by name. */
export async function listRules(store: LogStore): Promise<RuleSummary[]> {
  const [rules, states] = await Promise.all([loadRules(store), loadAllStates(store)]);
  return rules
    .map(({ object, rule, error }) =>
      summarize(
        object.id,
        rule?.name ?? object.title,
        rule,
        states.get(object.id) ?? emptyState(object.id),
        object.updatedAt,
        error?.message,
      ),
    )
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export async function getRule(store: LogStore, id: string): Promise<RuleSummary> {
  const object = await store.getObject(RULE_TYPE, id);
  if (!object) throw notFound(id);
  const state = await loadState(store, id);
  try {
    const rule = parseRule({ ...object.attributes, id });
    return summarize(id, rule.name, rule, state, object.updatedAt);
  } catch (error) {
    return summarize(id, object.title, undefined, state, object.updatedAt, (error as Error).message);
  }
}

function slug(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'rule'}-${randomBytes(3).toString('hex')}`;
}

/** The stored rule, when it still validates (to take secrets from). */
function storedRule(object: { attributes: Record<string, unknown> }, id: string): Rule | undefined {
  try {
    return parseRule({ ...object.attributes, id });
  } catch {
    return undefined;
  }
}

/**
 * Validates and stores a new rule (id generated from the name when absent). Every rule these
 * functions return has its secrets redacted (see `@driftwood/core` alerts/secrets.ts).
 */
export async function createRule(store: LogStore, input: unknown): Promise<Rule> {
  const raw = restoreSecrets({ ...((input ?? {}) as Record<string, unknown>) }, undefined);
  if (raw.id === undefined || raw.id === '') raw.id = slug(typeof raw.name === 'string' ? raw.name : 'rule');
  const rule = parseRule(raw);
  if (await store.getObject(RULE_TYPE, rule.id)) {
    throw new DriftwoodError('INPUT_INVALID', `a rule with id ${rule.id} already exists`, {
      details: { issues: [{ path: 'id', message: 'already exists' }] },
    });
  }
  await saveRule(store, rule);
  return redactRule(rule);
}

/**
 * Changes a rule: `patch` is merged over the stored rule (top-level keys; `null` removes an
 * optional key, e.g. `{ snoozed_until: null }`), then validated as a whole.
 */
export async function updateRule(store: LogStore, id: string, patch: unknown): Promise<Rule> {
  const object = await store.getObject(RULE_TYPE, id);
  if (!object) throw notFound(id);
  let merged: Record<string, unknown> = { ...object.attributes };
  for (const [key, value] of Object.entries((patch ?? {}) as Record<string, unknown>)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  merged.id = id;
  merged = restoreSecrets(merged, storedRule(object, id));
  const rule = parseRule(merged);
  await saveRule(store, rule);
  return redactRule(rule);
}

/** Replaces a rule entirely (validated). */
export async function replaceRule(store: LogStore, id: string, input: unknown): Promise<Rule> {
  const object = await store.getObject(RULE_TYPE, id);
  if (!object) throw notFound(id);
  const rule = parseRule(restoreSecrets({ ...((input ?? {}) as Record<string, unknown>), id }, storedRule(object, id)));
  await saveRule(store, rule);
  return redactRule(rule);
}

export async function deleteRule(store: LogStore, id: string): Promise<void> {
  if (!(await deleteRuleObjects(store, id))) throw notFound(id);
}

/** Snoozes until a time (ISO 8601), or un-snoozes with null. */
export function snoozeRule(store: LogStore, id: string, until: string | null): Promise<Rule> {
  return updateRule(store, id, { snoozed_until: until });
}

export function muteRule(store: LogStore, id: string, muted: boolean): Promise<Rule> {
  return updateRule(store, id, { muted });
}

/**
 * The value of a rule (stored, by id, or unsaved, as a rule object) at each slot of the last
 * 24 h against its threshold.
 */
export async function previewRule(
  store: LogStore,
  ruleOrId: string | Record<string, unknown>,
  options: PreviewOptions = {},
): Promise<Preview> {
  if (typeof ruleOrId === 'string') {
    const object = await store.getObject(RULE_TYPE, ruleOrId);
    if (!object) throw notFound(ruleOrId);
    return preview(store, { ...object.attributes, id: ruleOrId }, options);
  }
  return preview(store, ruleOrId, options);
}

/** A rule's evaluations and notification attempts (errors redacted), newest first. */
export async function getHistory(
  store: LogStore,
  id: string,
  options: { limit?: number; kind?: HistoryEntry['kind'] } = {},
): Promise<HistoryEntry[]> {
  const entries = await readHistory(store, id);
  const filtered = options.kind ? entries.filter((e) => e.kind === options.kind) : entries;
  return filtered.slice(0, Math.max(0, options.limit ?? 100)).map(redactHistoryEntry);
}

/** A rule's notifications (intents with their deliveries, secrets redacted), newest first. */
export async function listNotifications(
  store: LogStore,
  id: string,
  options: { limit?: number } = {},
): Promise<NotificationIntent[]> {
  return (await listIntents(store, id)).slice(0, Math.max(0, options.limit ?? 100)).map(redactIntent);
}

function notFound(id: string): DriftwoodError {
  return new DriftwoodError('NOT_FOUND', `no alert rule with id ${id}`, { details: { id } });
}

export type { PreviewOptions } from './preview.ts';
