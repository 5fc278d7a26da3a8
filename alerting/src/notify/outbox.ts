/**
 * Exactly-once in effect for notifications (an outbox):
 *
 * 1. Before anything is sent, the intent is recorded as a saved object (`alert_notification`)
 *    with a deterministic id — hash of rule + group + transition + window end — status `pending`
 *    and one delivery per action. Recording the same id again is a no-op, so a re-evaluation of
 *    the same window (after a crash or restart) never creates a second notification.
 * 2. Each delivery is sent (webhooks carry `Idempotency-Key: <id>`, email `Message-ID: <id@…>`),
 *    then marked `sent` with its attempts.
 * 3. On start, pending intents are sent again (only those).
 *
 * The residual window: a crash after the receiver accepted a delivery and before it was marked
 * sent makes the restart send it again. The receiver can drop that repeat by the Idempotency-Key
 * / Message-ID; a receiver that ignores them sees it twice. Nothing is ever lost: an intent is
 * durable before the state that produced it is saved.
 *
 * Saves that fail are never swallowed, and never make a notification look delivered or gone:
 * - an intent whose record could not be saved is held in memory (`hold`) and recorded again at
 *   the next cycle (`recordHeld`, same id) before it is sent; the evaluator does not save the
 *   rule state that depends on it until then (an intent is durable before its state);
 * - a delivery sent whose record could not be saved stays `sent` in memory (never sent again by
 *   this process) and the intent stays pending here until its record is saved — a restart
 *   before that re-sends it, which is the residual window above;
 * - history entries that could not be appended (notification attempts here, evaluations from
 *   the evaluator through `keepHistory`) are kept, bounded by the history limit, and appended
 *   again at the start of the next cycle.
 * Each failed save is reported through `onSaveFailure` (the evaluator logs it with its code
 * and sets the rule's `lastError`).
 *
 * Retries: up to `attemptsPerRun` attempts with exponential backoff within one run, then on later
 * runs (backoff growing, capped at 10 min) until `maxAttempts`; a non-retryable answer (4xx,
 * SMTP 5xx) fails the delivery at once. Failures are reported through `onFailure`.
 */

import { createHash } from 'node:crypto';
import {
  type Action,
  backoffDelay,
  type DeliveryRecord,
  type HistoryEntry,
  type NotificationIntent,
  sleep as pause,
  type Transition,
} from '@driftwood/core';
import { alerts, type LogStore } from '@driftwood/store';
import type { ChannelOptions, Send } from './channel.ts';
import * as email from './email.ts';
import * as slack from './slack.ts';
import * as webhook from './webhook.ts';

/** The deterministic notification id. */
export function intentId(ruleId: string, group: string | null, transition: Transition, windowEnd: number): string {
  return createHash('sha256')
    .update(JSON.stringify([ruleId, group, transition, windowEnd]))
    .digest('hex')
    .slice(0, 32);
}

export const CHANNELS: Record<Action['type'], Send> = {
  webhook: webhook.send,
  slack: slack.send,
  email: email.send,
};

export interface OutboxHooks {
  /** Called right after an intent is durably recorded (tests use it to crash there). */
  afterRecord?(intent: NotificationIntent): void | Promise<void>;
  /** Called right after a receiver accepted a delivery, before it is marked sent. */
  afterSend?(intent: NotificationIntent, delivery: DeliveryRecord): void | Promise<void>;
}

export interface OutboxOptions {
  store: LogStore;
  history: alerts.HistoryLog;
  channelOptions?: ChannelOptions;
  channels?: Partial<Record<Action['type'], Send>>;
  /** Attempts per delivery within one run (default 3). */
  attemptsPerRun?: number;
  /** First backoff, doubled each attempt (default 1000 ms). */
  backoffMs?: number;
  /** Attempts per delivery before it is given up (default 10). */
  maxAttempts?: number;
  /** Deliveries sent at the same time (default 8). */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  hooks?: OutboxHooks;
  onFailure?: (intent: NotificationIntent, delivery: DeliveryRecord, final: boolean) => void | Promise<void>;
  /** Each delivery attempt's outcome (metrics). */
  onAttempt?: (delivery: DeliveryRecord, outcome: 'sent' | 'retry' | 'failed') => void;
  /** A save failed (`what`: notification intent, notification record, notification history). */
  onSaveFailure?: (ruleId: string, what: string, error: unknown) => void | Promise<void>;
}

const MAX_BACKOFF_MS = 10 * 60_000;

export class Outbox {
  private readonly options: OutboxOptions;
  private readonly pending = new Map<string, NotificationIntent>();
  /** Intents whose record could not be saved yet, by id. */
  private readonly held = new Map<string, NotificationIntent>();
  /** History entries whose append failed, by rule, oldest first (at most the history limit). */
  private readonly unwritten = new Map<string, HistoryEntry[]>();

  constructor(options: OutboxOptions) {
    this.options = options;
  }

  get pendingCount(): number {
    return this.pending.size + this.held.size;
  }

  /**
   * Records an intent unless one with its id exists; resolves to whether it was new. Throws when
   * it cannot be saved (the caller holds it).
   */
  async record(intent: NotificationIntent): Promise<boolean> {
    const existing = await this.options.store.getObject(alerts.NOTIFICATION_TYPE, intent.id);
    if (existing) {
      const found = alerts.toIntent(existing);
      // the copy in memory, when there is one, is the newer (its save may have failed)
      if (found.status === 'pending' && !this.pending.has(found.id)) this.pending.set(found.id, found);
      return false;
    }
    await this.save(intent);
    this.pending.set(intent.id, intent);
    await this.options.hooks?.afterRecord?.(intent);
    return true;
  }

  /** Keeps an intent whose record failed, to record it again at the next `recordHeld`. */
  hold(intent: NotificationIntent): void {
    if (!this.pending.has(intent.id)) this.held.set(intent.id, intent);
  }

  /** Whether an intent of this rule is held unrecorded. */
  holds(ruleId: string): boolean {
    for (const intent of this.held.values()) if (intent.ruleId === ruleId) return true;
    return false;
  }

  /** Records the held intents again; those that still fail stay held and are reported. */
  async recordHeld(): Promise<void> {
    for (const intent of [...this.held.values()]) {
      try {
        await this.record(intent);
        this.held.delete(intent.id);
      } catch (error) {
        await this.options.onSaveFailure?.(intent.ruleId, 'notification intent', error);
      }
    }
  }

  /** Loads the pending intents left by a previous process; resolves to them. */
  async recover(): Promise<NotificationIntent[]> {
    const found: NotificationIntent[] = [];
    for (const object of await this.options.store.listObjects(alerts.NOTIFICATION_TYPE)) {
      const intent = alerts.toIntent(object);
      if (intent.status !== 'pending') continue;
      this.pending.set(intent.id, intent);
      found.push(intent);
    }
    return found;
  }

  /** Sends every pending delivery that is due at `now`. */
  async flush(now: number): Promise<void> {
    await this.appendUnwritten();
    const queue = [...this.pending.values()];
    const limit = Math.max(1, this.options.concurrency ?? 8);
    const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let intent = queue.shift(); intent; intent = queue.shift()) await this.deliver(intent, now);
    });
    await Promise.all(workers);
  }

  private async deliver(intent: NotificationIntent, now: number): Promise<void> {
    const o = this.options;
    const perRun = Math.max(1, o.attemptsPerRun ?? 3);
    const maxAttempts = Math.max(1, o.maxAttempts ?? 10);
    const backoff = o.backoffMs ?? 1000;
    const sleep = o.sleep ?? ((ms: number) => pause(ms));
    // the same delays every time (no jitter): one delivery's retries, not a crowd of clients
    const delay = (attempt: number) =>
      backoffDelay(attempt, { baseMs: backoff, maxMs: MAX_BACKOFF_MS, jitter: 'none' });
    const entries: HistoryEntry[] = [];
    for (const delivery of intent.deliveries) {
      if (delivery.status !== 'pending') continue;
      if (delivery.nextAttemptAt !== undefined && delivery.nextAttemptAt > now) continue;
      const send = o.channels?.[delivery.config.type] ?? CHANNELS[delivery.config.type];
      for (let i = 0; i < perRun; i++) {
        delivery.attempts++;
        intent.attempts++;
        let result: Awaited<ReturnType<Send>>;
        try {
          result = await send(
            { id: intent.id, content: intent.content, action: delivery.config },
            o.channelOptions ?? {},
          );
        } catch (error) {
          result = { ok: false, retryable: false, error: (error as Error).message };
        }
        if (result.ok) {
          await o.hooks?.afterSend?.(intent, delivery);
          delivery.status = 'sent';
          delivery.sentAt = new Date().toISOString();
          delete delivery.lastError;
          delete delivery.nextAttemptAt;
        } else {
          delivery.lastError = result.error ?? 'failed';
          const final = !result.retryable || delivery.attempts >= maxAttempts;
          if (final) delivery.status = 'failed';
        }
        o.onAttempt?.(
          delivery,
          delivery.status === 'sent' ? 'sent' : delivery.status === 'failed' ? 'failed' : 'retry',
        );
        entries.push({
          kind: 'notification',
          at: new Date().toISOString(),
          intentId: intent.id,
          action: delivery.action,
          actionType: delivery.config.type,
          transition: intent.transition,
          group: intent.group,
          status: delivery.status === 'sent' ? 'sent' : delivery.status === 'failed' ? 'failed' : 'retrying',
          attempt: delivery.attempts,
          ...(delivery.lastError ? { error: delivery.lastError } : {}),
        });
        if (delivery.status !== 'pending') break;
        if (i < perRun - 1) await sleep(delay(delivery.attempts - 1));
      }
      if (delivery.status === 'pending') {
        delivery.nextAttemptAt = now + delay(delivery.attempts);
      }
      if (delivery.status !== 'sent') await o.onFailure?.(intent, delivery, delivery.status === 'failed');
      await this.trySave(intent); // the final save below saves this too; a failure is reported there
    }
    intent.status = intent.deliveries.some((d) => d.status === 'pending')
      ? 'pending'
      : intent.deliveries.every((d) => d.status === 'sent')
        ? 'sent'
        : 'failed';
    const saveError = await this.trySave(intent);
    // settled only once its record says so; until then it stays here (its sent deliveries are
    // skipped, never sent again) and the next flush saves it again
    if (saveError === undefined && intent.status !== 'pending') this.pending.delete(intent.id);
    if (saveError !== undefined) await o.onSaveFailure?.(intent.ruleId, 'notification record', saveError);
    await this.appendHistory(intent.ruleId, entries);
  }

  /** Saves an intent; resolves to the error when it could not be saved. */
  private async trySave(intent: NotificationIntent): Promise<unknown> {
    try {
      await this.save(intent);
      return undefined;
    } catch (error) {
      return error ?? new Error('save failed');
    }
  }

  /** Appends history entries; on failure keeps them (bounded) for the next flush and reports it. */
  private async appendHistory(ruleId: string, entries: HistoryEntry[]): Promise<boolean> {
    if (entries.length === 0) return true;
    try {
      await this.options.history.append(ruleId, entries);
      return true;
    } catch (error) {
      // the history keeps at most its limit of entries anyway: older ones would be trimmed
      this.keepHistory(ruleId, entries);
      await this.options.onSaveFailure?.(ruleId, 'notification history', error);
      return false;
    }
  }

  /** Keeps history entries (oldest first) that could not be appended, to append at the next flush. */
  keepHistory(ruleId: string, entries: HistoryEntry[]): void {
    const kept = [...(this.unwritten.get(ruleId) ?? []), ...entries];
    this.unwritten.set(ruleId, kept.slice(-alerts.DEFAULT_HISTORY_LIMIT));
  }

  /** Appends the history entries kept after a failed append (the evaluator calls it first in a cycle). */
  async appendUnwritten(): Promise<void> {
    for (const [ruleId, entries] of [...this.unwritten]) {
      this.unwritten.delete(ruleId);
      await this.appendHistory(ruleId, entries);
    }
  }

  private async save(intent: NotificationIntent): Promise<void> {
    await this.options.store.saveObject({
      type: alerts.NOTIFICATION_TYPE,
      id: intent.id,
      title: `${intent.ruleId} ${intent.transition}`,
      attributes: { ...intent },
    });
  }

  /** Deletes settled intents created more than `keepMs` before `now` (default 7 days). */
  async prune(now: number, keepMs = 7 * 86_400_000): Promise<number> {
    let deleted = 0;
    for (const object of await this.options.store.listObjects(alerts.NOTIFICATION_TYPE)) {
      const intent = alerts.toIntent(object);
      if (intent.status === 'pending' || Date.parse(intent.createdAt) > now - keepMs) continue;
      if (await this.options.store.deleteObject(alerts.NOTIFICATION_TYPE, intent.id)) deleted++;
    }
    return deleted;
  }
}
