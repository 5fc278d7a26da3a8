/**
 * The evaluator: one `evaluate(now)` runs every rule whose slot is due at `now` (see schedule.ts),
 * moves each group's state (state.ts), records notification intents before saving the state
 * (notify/outbox.ts), appends history, then delivers what is pending. `now` is explicit so tests
 * and restarts are exact; the scheduler (start.ts) calls it with the wall clock.
 *
 * A rule that fails (bad KQL, unknown field type, store error) gets `lastError` and its slot is
 * still consumed; other rules are not affected.
 */
import { isDriftwoodError } from '@driftwood/core';
import type { LogStore } from '@driftwood/store';
import { boundResults, type EvaluationResult, HistoryLog } from './history.ts';
import { measure } from './measure.ts';
import { buildContent } from './notify/message.ts';
import { intentId, type NotificationIntent, Outbox, type OutboxOptions } from './notify/outbox.ts';
import type { SmtpConfig } from './notify/smtp.ts';
import { emptyState, loadAllStates, loadRules, type RuleError, type RuleState, saveState } from './objects.ts';
import { actionKey, breaches, describeMeasure, describeThreshold, type Rule, ruleTiming } from './rule.ts';
import { dueSlot, nextDueAt, windowFor } from './schedule.ts';
import { type GroupState, isSuppressed, step } from './state.ts';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface EvaluatorOptions
  extends Pick<
    OutboxOptions,
    'channels' | 'attemptsPerRun' | 'backoffMs' | 'maxAttempts' | 'sleep' | 'hooks' | 'concurrency'
  > {
  store: LogStore;
  /** Base URL of the UI for Discover links (default http://127.0.0.1:5601). */
  publicUrl?: string;
  log?: Logger;
  smtp?: SmtpConfig;
  /** HTTP timeout for webhooks, ms. */
  timeoutMs?: number;
  /** History entries kept per rule (default 200). */
  historyLimit?: number;
  /** Rules evaluated at the same time (default 4). */
  ruleConcurrency?: number;
  /** Wall clock for durations and lag (default performance.now). */
  clock?: () => number;
}

export interface RuleRun {
  ruleId: string;
  slot: number;
  durationMs: number;
  /** ms from the start of the cycle until this rule's run completed. */
  doneAfterMs: number;
  error?: string;
  notifications: number;
}

export interface CycleReport {
  now: number;
  evaluated: number;
  errors: number;
  /** New notification intents recorded. */
  notifications: number;
  durationMs: number;
  runs: RuleRun[];
  /** Wall-clock time (epoch ms) the next rule is due, when any rule is enabled. */
  nextDueAt?: number;
}

/** Groups that went silent stay tracked this long (no-data and low-threshold rules). */
const TRACK_SILENT_MS = 24 * 3_600_000;
const MAX_TRACKED = 1000;

export class Evaluator {
  readonly store: LogStore;
  private readonly options: EvaluatorOptions;
  private readonly log: Logger;
  private readonly history: HistoryLog;
  private readonly outbox: Outbox;
  private states = new Map<string, RuleState>();
  private started?: Promise<void>;
  private readonly clock: () => number;

  constructor(options: EvaluatorOptions) {
    this.options = options;
    this.store = options.store;
    this.log = options.log ?? silentLogger;
    this.clock = options.clock ?? (() => performance.now());
    this.history = new HistoryLog(options.store, options.historyLimit);
    this.outbox = new Outbox({
      store: options.store,
      history: this.history,
      channels: options.channels,
      channelOptions: { smtp: options.smtp, timeoutMs: options.timeoutMs },
      attemptsPerRun: options.attemptsPerRun,
      backoffMs: options.backoffMs,
      maxAttempts: options.maxAttempts,
      sleep: options.sleep,
      hooks: options.hooks,
      concurrency: options.concurrency,
      onFailure: (intent, delivery, final) =>
        this.setError(intent.ruleId, {
          source: 'notification',
          code: 'OUTPUT_FAILED',
          message: `${delivery.config.type} action ${delivery.action} ${final ? 'failed' : 'will retry'} after ${delivery.attempts} attempt(s): ${delivery.lastError ?? 'failed'}`,
        }),
    });
  }

  /** Loads state, reconciles intents a crashed process recorded, re-sends pending ones. Idempotent. */
  start(): Promise<void> {
    this.started ??= this.recover();
    return this.started;
  }

  private async recover(): Promise<void> {
    this.states = await loadAllStates(this.store);
    const pending = await this.outbox.recover();
    for (const intent of pending) {
      const state = this.states.get(intent.ruleId) ?? emptyState(intent.ruleId);
      if ((state.lastWindowEnd ?? Number.NEGATIVE_INFINITY) < intent.windowEnd) {
        // the process stopped between recording the intent and saving the state it came from
        state.groups[intent.group ?? ''] = intent.after;
        this.states.set(intent.ruleId, state);
        await saveState(this.store, state);
      }
    }
    if (pending.length > 0) this.log.info('alerting: re-sending pending notifications', { count: pending.length });
  }

  /** Runs every rule due at `now` (epoch ms), then delivers pending notifications. */
  async evaluate(now: number): Promise<CycleReport> {
    await this.start();
    const t0 = this.clock();
    const loaded = await loadRules(this.store);
    const due: Array<{ rule: Rule; slot: number }> = [];
    const present = new Set<string>();
    let nextDue = Number.POSITIVE_INFINITY;
    for (const { object, rule, error } of loaded) {
      present.add(object.id);
      if (!rule) {
        await this.setError(object.id, {
          source: 'evaluation',
          code: isDriftwoodError(error) ? error.code : 'INPUT_INVALID',
          message: error?.message ?? 'invalid rule',
        });
        continue;
      }
      if (!rule.enabled) continue;
      const timing = ruleTiming(rule);
      nextDue = Math.min(nextDue, nextDueAt(now, timing));
      const slot = dueSlot(now, timing, this.states.get(rule.id)?.lastWindowEnd);
      if (slot !== undefined) due.push({ rule, slot });
    }
    for (const id of this.states.keys()) if (!present.has(id)) this.states.delete(id);

    const runs: RuleRun[] = [];
    const queue = due.slice();
    const workers = Array.from({ length: Math.min(this.options.ruleConcurrency ?? 4, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const run = await this.evaluateRule(next.rule, next.slot, now);
        runs.push({ ...run, doneAfterMs: this.clock() - t0 });
      }
    });
    await Promise.all(workers);
    await this.outbox.flush(now);
    await this.history.idle();
    return {
      now,
      evaluated: runs.length,
      errors: runs.filter((r) => r.error).length,
      notifications: runs.reduce((s, r) => s + r.notifications, 0),
      durationMs: this.clock() - t0,
      runs,
      ...(Number.isFinite(nextDue) ? { nextDueAt: nextDue } : {}),
    };
  }

  /** Evaluates one rule for one slot. Never throws. */
  async evaluateRule(rule: Rule, slot: number, now: number): Promise<Omit<RuleRun, 'doneAfterMs'>> {
    const started = this.clock();
    const timing = ruleTiming(rule);
    const window = windowFor(slot, timing);
    const state = this.states.get(rule.id) ?? emptyState(rule.id);
    const windowIso = { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() };
    try {
      const known = rule.groupBy ? trackedGroups(rule, state, slot) : [];
      const measured = await measure(this.store, rule, window, known);
      const suppressed = isSuppressed(rule, now);
      const groups: Record<string, GroupState> = {};
      const results: EvaluationResult[] = [];
      const intents: NotificationIntent[] = [];
      for (const m of measured) {
        const key = m.group ?? '';
        const { next, notify } = step(state.groups[key], {
          breached: breaches(rule.condition, m.value),
          value: m.value,
          windowEnd: slot,
          for: rule.for,
          renotifyMs: timing.renotifyMs,
          suppressed,
        });
        if (m.group !== null && m.present) next.lastSeen = slot;
        groups[key] = next;
        results.push({
          group: m.group,
          value: m.value,
          threshold: describeThreshold(rule.condition),
          state: next.status,
          ...(notify ? { transition: notify } : {}),
        });
        if (notify && rule.actions.length > 0) {
          const id = intentId(rule.id, m.group, notify, slot);
          intents.push({
            id,
            ruleId: rule.id,
            group: m.group,
            transition: notify,
            windowEnd: slot,
            createdAt: new Date().toISOString(),
            status: 'pending',
            attempts: 0,
            deliveries: rule.actions.map((action, i) => ({
              action: actionKey(action, i),
              config: action,
              status: 'pending',
              attempts: 0,
            })),
            content: buildContent({
              id,
              rule,
              group: m.group,
              transition: notify,
              value: m.value,
              window,
              publicUrl: this.options.publicUrl ?? 'http://127.0.0.1:5601',
            }),
            after: next,
          });
        }
      }
      let recorded = 0;
      for (const intent of intents) if (await this.outbox.record(intent)) recorded++;
      const durationMs = this.clock() - started;
      const nextState: RuleState = {
        ruleId: rule.id,
        groups,
        lastWindowEnd: slot,
        lastRunAt: new Date(now).toISOString(),
        lastDurationMs: Math.round(durationMs),
        ...(state.lastError?.source === 'notification' ? { lastError: state.lastError } : {}),
      };
      this.states.set(rule.id, nextState);
      await saveState(this.store, nextState);
      const bounded = boundResults(results);
      void this.history
        .append(rule.id, [
          {
            kind: 'evaluation',
            at: windowIso.to,
            window: windowIso,
            measure: describeMeasure(rule.condition),
            durationMs: Math.round(durationMs),
            ...bounded,
          },
        ])
        .catch((error) => this.log.warn('alerting: cannot write history', { rule: rule.id, error }));
      return { ruleId: rule.id, slot, durationMs, notifications: recorded };
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const code = isDriftwoodError(error) ? error.code : 'INTERNAL';
      this.log.warn('alerting: rule evaluation failed', { rule: rule.id, code, error: message });
      const failed: RuleState = {
        ...state,
        lastWindowEnd: slot,
        lastRunAt: new Date(now).toISOString(),
        lastError: { source: 'evaluation', code, message, at: new Date().toISOString() },
      };
      this.states.set(rule.id, failed);
      await saveState(this.store, failed).catch(() => undefined);
      void this.history
        .append(rule.id, [
          {
            kind: 'evaluation',
            at: windowIso.to,
            window: windowIso,
            measure: describeMeasure(rule.condition),
            durationMs: Math.round(this.clock() - started),
            results: [],
            error: message,
          },
        ])
        .catch(() => undefined);
      return { ruleId: rule.id, slot, durationMs: this.clock() - started, error: message, notifications: 0 };
    }
  }

  private async setError(ruleId: string, error: Omit<RuleError, 'at'>): Promise<void> {
    const state = this.states.get(ruleId) ?? emptyState(ruleId);
    if (state.lastError?.message === error.message && state.lastError.source === error.source) return;
    const next = { ...state, lastError: { ...error, at: new Date().toISOString() } };
    this.states.set(ruleId, next);
    await saveState(this.store, next).catch(() => undefined);
  }

  /** Deletes settled notification intents older than `keepMs`. */
  prune(now: number, keepMs?: number): Promise<number> {
    return this.outbox.prune(now, keepMs);
  }

  get pendingNotifications(): number {
    return this.outbox.pendingCount;
  }
}

/** Groups to judge even when absent from the window: non-ok ones, and recently seen ones where 0 matters. */
function trackedGroups(rule: Rule, state: RuleState, slot: number): string[] {
  const zeroMatters = rule.condition.type !== 'metric' && breaches(rule.condition, 0);
  const out: string[] = [];
  for (const [key, group] of Object.entries(state.groups)) {
    if (out.length >= MAX_TRACKED) break;
    if (group.status !== 'ok') out.push(key);
    else if (zeroMatters && group.lastSeen !== undefined && slot - group.lastSeen <= TRACK_SILENT_MS) out.push(key);
  }
  return out;
}
