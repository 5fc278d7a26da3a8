/**
 * The evaluator: one `evaluate(now)` runs every rule whose slot is due at `now` (see schedule.ts),
 * moves each group's state (state.ts), records notification intents before saving the state
 * (notify/outbox.ts), appends history, then delivers what is pending. `now` is explicit so tests
 * and restarts are exact; the scheduler (start.ts) calls it with the wall clock.
 *
 * A rule that fails (bad KQL, unknown field type, store error) gets `lastError` and its slot is
 * still consumed; other rules are not affected.
 *
 * Saving what a run produced (intents, rule state, history) is retried (`saveAttempts`); a save
 * that still fails is never swallowed: the run reports an error, the rule gets `lastError`
 * (code + message, in its status and, when the history can be written, in its history), and the
 * log gets an error line with the code. The state in memory moves on regardless (so the next run
 * steps from it and a firing is never announced twice); an unsaved state is saved again at the
 * start of every cycle, and never while an intent it depends on is not yet recorded (the intent
 * is held by the outbox and recorded again) — a state is durable only after its intents are.
 */

import {
  actionKey,
  backoffDelay,
  breaches,
  describeMeasure,
  describeThreshold,
  dueSlot,
  type ErrorCode,
  type EvaluationResult,
  type GroupState,
  type HistoryEntry,
  isDriftwoodError,
  isSuppressed,
  type NotificationIntent,
  nextDueAt,
  sleep as pause,
  type Rule,
  type RuleError,
  ruleTiming,
  step,
  windowFor,
} from '@driftwood/core';
import { alerts, type LogStore } from '@driftwood/store';
import { type Logger, silentLogger } from '@driftwood/telemetry';
import { type Connections, connectionsFor, type EgressConfig, type TlsConfig } from './config.ts';
import type { AlertingMetrics } from './metrics.ts';
import { buildContent } from './notify/message.ts';
import { intentId, Outbox, type OutboxOptions } from './notify/outbox.ts';
import { Mailer, type SmtpConfig } from './notify/smtp.ts';

/** The one logger interface of every service (@driftwood/telemetry). */
export { type Logger, silentLogger };

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
  /**
   * Where actions may connect (alerting config `egress`): by default no loopback, private,
   * link-local or metadata address; `allow` lists the hosts, addresses and CIDRs that may be.
   */
  egress?: EgressConfig;
  /** TLS of actions (alerting config `tls`): `ca_file`, trusted besides the system roots. */
  tls?: TlsConfig;
  /** HTTP timeout for webhooks, ms. */
  timeoutMs?: number;
  /** History entries kept per rule (default 200). */
  historyLimit?: number;
  /** Rules evaluated at the same time (default 4). */
  ruleConcurrency?: number;
  /** Wall clock for durations and lag (default performance.now). */
  clock?: () => number;
  /** Attempts per save of a rule's state or history before the run is reported failed (default 3). */
  saveAttempts?: number;
  /** Where cycles and delivery attempts are counted (the service's `/metrics`). */
  metrics?: AlertingMetrics;
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
const SAVE_BACKOFF_MS = 50;

const errorCode = (error: unknown): ErrorCode => (isDriftwoodError(error) ? error.code : 'INTERNAL');
const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A save that failed after its retries. */
interface SaveFailure {
  what: string;
  code: ErrorCode;
  message: string;
}

export class Evaluator {
  readonly store: LogStore;
  private readonly options: EvaluatorOptions;
  private readonly log: Logger;
  private readonly history: alerts.HistoryLog;
  private readonly outbox: Outbox;
  private states = new Map<string, alerts.RuleState>();
  /** Rules whose state in memory is newer than the saved one (a save failed or was deferred). */
  private readonly unsaved = new Set<string>();
  private started?: Promise<void>;
  private readonly clock: () => number;
  private readonly mailer?: Mailer;
  /** The egress policy and CAs every action connects with. */
  readonly connections: Connections;

  constructor(options: EvaluatorOptions) {
    this.options = options;
    this.connections = connectionsFor({ egress: options.egress, tls: options.tls });
    this.mailer = options.smtp ? new Mailer(options.smtp, this.connections) : undefined;
    this.store = options.store;
    this.log = options.log ?? silentLogger;
    this.clock = options.clock ?? (() => performance.now());
    this.history = new alerts.HistoryLog(options.store, options.historyLimit);
    this.outbox = new Outbox({
      store: options.store,
      history: this.history,
      channels: options.channels,
      channelOptions: { mailer: this.mailer, timeoutMs: options.timeoutMs, connections: this.connections },
      attemptsPerRun: options.attemptsPerRun,
      backoffMs: options.backoffMs,
      maxAttempts: options.maxAttempts,
      sleep: options.sleep,
      hooks: options.hooks,
      concurrency: options.concurrency,
      onAttempt: (delivery, outcome) => options.metrics?.observeDelivery(delivery.config.type, outcome),
      onFailure: (intent, delivery, final) =>
        this.setError(intent.ruleId, {
          source: 'notification',
          code: 'OUTPUT_FAILED',
          message: `${delivery.config.type} action ${delivery.action} ${final ? 'failed' : 'will retry'} after ${delivery.attempts} attempt(s): ${delivery.lastError ?? 'failed'}`,
        }),
      onSaveFailure: (ruleId, what, error) => {
        const code = errorCode(error);
        const message = `cannot save the ${what}: ${errorMessage(error)}`;
        this.log.error('alerting: save failed', { rule: ruleId, code, error: message });
        return this.setError(ruleId, { source: 'notification', code, message });
      },
    });
  }

  /** Loads state, reconciles intents a crashed process recorded, re-sends pending ones. Idempotent. */
  start(): Promise<void> {
    this.started ??= this.recover().catch((error) => {
      this.started = undefined; // the next cycle tries again instead of failing forever
      throw error;
    });
    return this.started;
  }

  private async recover(): Promise<void> {
    this.states = await alerts.loadAllStates(this.store);
    const pending = await this.outbox.recover();
    for (const intent of pending) {
      const state = this.states.get(intent.ruleId) ?? alerts.emptyState(intent.ruleId);
      if ((state.lastWindowEnd ?? Number.NEGATIVE_INFINITY) < intent.windowEnd) {
        // the process stopped between recording the intent and saving the state it came from
        state.groups[intent.group ?? ''] = intent.after;
        this.states.set(intent.ruleId, state);
        const failure = await this.persistState(state);
        if (failure)
          this.log.error('alerting: reconciled rule state cannot be saved yet (saved again next cycle)', {
            rule: intent.ruleId,
            code: failure.code,
            error: `cannot save the ${failure.what}: ${failure.message}`,
          });
      }
    }
    if (pending.length > 0) this.log.info('alerting: re-sending pending notifications', { count: pending.length });
  }

  /** Runs every rule due at `now` (epoch ms), then delivers pending notifications. */
  async evaluate(now: number): Promise<CycleReport> {
    await this.start();
    const t0 = this.clock();
    await this.outbox.recordHeld();
    await this.saveUnsaved();
    await this.outbox.appendUnwritten();
    const loaded = await alerts.loadRules(this.store);
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
    const report: CycleReport = {
      now,
      evaluated: runs.length,
      errors: runs.filter((r) => r.error).length,
      notifications: runs.reduce((s, r) => s + r.notifications, 0),
      durationMs: this.clock() - t0,
      runs,
      ...(Number.isFinite(nextDue) ? { nextDueAt: nextDue } : {}),
    };
    this.options.metrics?.observeCycle(report);
    return report;
  }

  /** Evaluates one rule for one slot. Never throws. */
  async evaluateRule(rule: Rule, slot: number, now: number): Promise<Omit<RuleRun, 'doneAfterMs'>> {
    const started = this.clock();
    const timing = ruleTiming(rule);
    const window = windowFor(slot, timing);
    const state = this.states.get(rule.id) ?? alerts.emptyState(rule.id);
    const windowIso = { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() };
    try {
      const known = rule.group_by ? trackedGroups(rule, state, slot) : [];
      const measured = await alerts.measure(this.store, rule, window, known);
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
      const failures: SaveFailure[] = [];
      let recorded = 0;
      for (const intent of intents) {
        let isNew = false;
        const failure = await this.retrySave('notification intent', async () => {
          isNew = await this.outbox.record(intent); // idempotent by id: a retry finds what landed
        });
        if (isNew) recorded++;
        if (failure) {
          // held in memory and recorded again next cycle: the state moves on as if it were recorded
          this.outbox.hold(intent);
          failures.push(failure);
        }
      }
      const durationMs = this.clock() - started;
      const nextState: alerts.RuleState = {
        ruleId: rule.id,
        groups,
        lastWindowEnd: slot,
        lastRunAt: new Date(now).toISOString(),
        lastDurationMs: Math.round(durationMs),
        ...(state.lastError?.source === 'notification' ? { lastError: state.lastError } : {}),
      };
      this.states.set(rule.id, nextState);
      if (failures.length > 0) this.markFailed(nextState, failures);
      const stateFailure = await this.persistState(nextState);
      if (stateFailure) {
        failures.push(stateFailure);
        this.markFailed(nextState, failures); // in memory: saved with the state when it can be
      }
      const entry: HistoryEntry = {
        kind: 'evaluation',
        at: windowIso.to,
        window: windowIso,
        measure: describeMeasure(rule.condition),
        durationMs: Math.round(durationMs),
        ...alerts.boundResults(results),
        ...(failures.length > 0 ? { error: describeFailures(failures) } : {}),
      };
      const historyFailure = await this.retrySave('evaluation history', () => this.history.append(rule.id, [entry]));
      if (historyFailure) {
        this.outbox.keepHistory(rule.id, [entry]);
        failures.push(historyFailure);
        this.markFailed(nextState, failures);
        const again = await this.persistState(nextState);
        if (again) failures.push(again);
      }
      for (const f of failures)
        this.log.error('alerting: rule evaluation could not be saved', {
          rule: rule.id,
          code: f.code,
          error: `cannot save the ${f.what}: ${f.message}`,
        });
      return {
        ruleId: rule.id,
        slot,
        durationMs,
        notifications: recorded,
        ...(failures.length > 0 ? { error: describeFailures(failures) } : {}),
      };
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const code = isDriftwoodError(error) ? error.code : 'INTERNAL';
      this.log.warn('alerting: rule evaluation failed', { rule: rule.id, code, error: message });
      const failed: alerts.RuleState = {
        ...state,
        lastWindowEnd: slot,
        lastRunAt: new Date(now).toISOString(),
        lastError: { source: 'evaluation', code, message, at: new Date().toISOString() },
      };
      this.states.set(rule.id, failed);
      const failures: SaveFailure[] = [];
      const stateFailure = await this.persistState(failed);
      if (stateFailure) failures.push(stateFailure);
      const entry: HistoryEntry = {
        kind: 'evaluation',
        at: windowIso.to,
        window: windowIso,
        measure: describeMeasure(rule.condition),
        durationMs: Math.round(this.clock() - started),
        results: [],
        error: stateFailure ? `${message}; ${describeFailures([stateFailure])}` : message,
      };
      const historyFailure = await this.retrySave('evaluation history', () => this.history.append(rule.id, [entry]));
      if (historyFailure) {
        this.outbox.keepHistory(rule.id, [entry]);
        failures.push(historyFailure);
      }
      for (const f of failures)
        this.log.error('alerting: rule evaluation could not be saved', {
          rule: rule.id,
          code: f.code,
          error: `cannot save the ${f.what}: ${f.message}`,
        });
      const all = failures.length > 0 ? `${message}; ${describeFailures(failures)}` : message;
      return { ruleId: rule.id, slot, durationMs: this.clock() - started, error: all, notifications: 0 };
    }
  }

  /** Sets the rule's `lastError` (in memory) to the failed saves of its run. */
  private markFailed(state: alerts.RuleState, failures: SaveFailure[]): void {
    state.lastError = {
      source: 'evaluation',
      code: failures[0]!.code,
      message: describeFailures(failures),
      at: new Date().toISOString(),
    };
  }

  /**
   * Saves a rule's state with retries. Deferred (kept unsaved, no failure) while one of its
   * intents is held unrecorded; a failure keeps it unsaved for the next cycle.
   */
  private async persistState(state: alerts.RuleState): Promise<SaveFailure | undefined> {
    this.unsaved.add(state.ruleId);
    if (this.outbox.holds(state.ruleId)) return undefined;
    const failure = await this.retrySave('rule state', () => alerts.saveState(this.store, state));
    if (!failure && this.states.get(state.ruleId) === state) this.unsaved.delete(state.ruleId);
    return failure;
  }

  /** Saves again the states a failed (or deferred) save left newer in memory than in the store. */
  private async saveUnsaved(): Promise<void> {
    for (const ruleId of [...this.unsaved]) {
      const state = this.states.get(ruleId);
      if (!state) {
        this.unsaved.delete(ruleId);
        continue;
      }
      const failure = await this.persistState(state);
      if (failure)
        this.log.error('alerting: rule state still cannot be saved', {
          rule: ruleId,
          code: failure.code,
          error: `cannot save the ${failure.what}: ${failure.message}`,
        });
    }
  }

  /** Runs a save up to `saveAttempts` times with a short backoff; resolves to the last failure. */
  private async retrySave(what: string, save: () => Promise<void>): Promise<SaveFailure | undefined> {
    const attempts = Math.max(1, this.options.saveAttempts ?? 3);
    const sleep = this.options.sleep ?? ((ms: number) => pause(ms));
    for (let i = 0; ; i++) {
      try {
        await save();
        return undefined;
      } catch (error) {
        if (i + 1 >= attempts) return { what, code: errorCode(error), message: errorMessage(error) };
        await sleep(backoffDelay(i, { baseMs: SAVE_BACKOFF_MS, jitter: 'none' }));
      }
    }
  }

  private async setError(ruleId: string, error: Omit<RuleError, 'at'>): Promise<void> {
    const state = this.states.get(ruleId) ?? alerts.emptyState(ruleId);
    if (state.lastError?.message === error.message && state.lastError.source === error.source) return;
    const next = { ...state, lastError: { ...error, at: new Date().toISOString() } };
    this.states.set(ruleId, next);
    const failure = await this.persistState(next);
    if (failure)
      this.log.error('alerting: rule error could not be saved', {
        rule: ruleId,
        code: failure.code,
        error: `cannot save the ${failure.what}: ${failure.message}`,
        lastError: error.message,
      });
  }

  /** Deletes settled notification intents older than `keepMs`. */
  /** Closes what stays open between cycles (pooled SMTP connections). */
  close(): void {
    this.mailer?.close();
  }

  prune(now: number, keepMs?: number): Promise<number> {
    return this.outbox.prune(now, keepMs);
  }

  get pendingNotifications(): number {
    return this.outbox.pendingCount;
  }
}

function describeFailures(failures: SaveFailure[]): string {
  return failures.map((f) => `cannot save the ${f.what} [${f.code}]: ${f.message}`).join('; ');
}

/** Groups to judge even when absent from the window: non-ok ones, and recently seen ones where 0 matters. */
function trackedGroups(rule: Rule, state: alerts.RuleState, slot: number): string[] {
  const zeroMatters = rule.condition.type !== 'metric' && breaches(rule.condition, 0);
  const out: string[] = [];
  for (const [key, group] of Object.entries(state.groups)) {
    if (out.length >= MAX_TRACKED) break;
    if (group.status !== 'ok') out.push(key);
    else if (zeroMatters && group.lastSeen !== undefined && slot - group.lastSeen <= TRACK_SILENT_MS) out.push(key);
  }
  return out;
}
