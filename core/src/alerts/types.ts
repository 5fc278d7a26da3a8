/**
 * The shapes the alerting API returns and keeps in saved objects: alert states, history entries,
 * notification intents, rule summaries, previews. Types only; the alerting package produces
 * them and the UI displays them, so both take them from here.
 */
import type { Action, Rule } from './rule.ts';
import type { TemplateValues } from './template.ts';

export type AlertStatus = 'ok' | 'pending' | 'firing' | 'resolved';
export type Transition = 'firing' | 'renotify' | 'resolved';

export interface GroupState {
  status: AlertStatus;
  /** Consecutive breaching runs. */
  breaches: number;
  /** The last measured value. */
  value: number | null;
  /** Window end (epoch ms) of the run that entered the current status. */
  since: number;
  /** Whether the firing notification of the current episode was sent (recorded). */
  notified: boolean;
  /** Window end of the last firing/renotify notification. */
  lastNotifiedAt?: number;
  /** Window end of the last run in which the group had data (grouped rules). */
  lastSeen?: number;
}

export interface EvaluationResult {
  group: string | null;
  value: number | null;
  /** `> 100`, `between 1 and 5`, `no data`. */
  threshold: string;
  state: AlertStatus;
  transition?: Transition;
}

export type HistoryEntry =
  | {
      kind: 'evaluation';
      /** Window end (the slot), ISO 8601. */
      at: string;
      window: { from: string; to: string };
      /** The measure: `count`, `avg(field)`, ... */
      measure: string;
      durationMs: number;
      results: EvaluationResult[];
      /** Results left out of this entry (grouped rules with very many groups). */
      omitted?: number;
      error?: string;
    }
  | {
      kind: 'notification';
      /** Wall-clock time of the attempt, ISO 8601. */
      at: string;
      intentId: string;
      action: string;
      actionType: string;
      transition: Transition;
      group: string | null;
      status: 'sent' | 'retrying' | 'failed';
      attempt: number;
      error?: string;
    };

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface DeliveryRecord {
  action: string;
  config: Action;
  status: DeliveryStatus;
  attempts: number;
  lastError?: string;
  /** Epoch ms before which no new attempt is made. */
  nextAttemptAt?: number;
  sentAt?: string;
}

export interface NotificationIntent {
  id: string;
  ruleId: string;
  group: string | null;
  transition: Transition;
  /** The window end (slot) of the evaluation that produced it, epoch ms. */
  windowEnd: number;
  createdAt: string;
  status: DeliveryStatus;
  /** Attempts over all deliveries. */
  attempts: number;
  deliveries: DeliveryRecord[];
  content: NotificationContent;
  /** The group state after the transition (lets a restart reconcile a state write that was lost). */
  after: GroupState;
}

export interface NotificationContent {
  text: string;
  subject: string;
  link: string;
  values: TemplateValues;
  /** The JSON body of generic webhooks. */
  payload: WebhookPayload;
}

export interface WebhookPayload {
  /** The notification id, also sent as the Idempotency-Key header. */
  id: string;
  rule: { id: string; name: string; query: string; tags: string[] };
  group: { field: string; value: string } | null;
  transition: Transition;
  state: 'firing' | 'resolved';
  measure: string;
  value: number | null;
  threshold: { comparator: string; value: number | [number, number] | null; text: string };
  window: { from: string; to: string };
  time: string;
  link: string;
  message: string;
}

export interface RuleError {
  /** Evaluation errors are cleared by a clean run, notification errors stay until the next one. */
  source: 'evaluation' | 'notification';
  message: string;
  code: string;
  /** ISO 8601 wall-clock time. */
  at: string;
}

export type RuleStatus = AlertStatus | 'disabled' | 'invalid';

export interface GroupSummary {
  group: string | null;
  status: AlertStatus;
  value: number | null;
  /** Since when (window end, ISO 8601) the group is in this status. */
  since: string;
}

export interface RuleSummary {
  id: string;
  /** The rule, or undefined when the stored rule no longer validates (see `lastError`). */
  rule?: Rule;
  name: string;
  /** The worst group status: firing > pending > resolved > ok; or disabled / invalid. */
  status: RuleStatus;
  /** Groups not ok first, then by name. */
  groups: GroupSummary[];
  firing: number;
  lastRunAt?: string;
  /** End of the last evaluated window, ISO 8601. */
  lastWindowEnd?: string;
  lastError?: RuleError;
  muted: boolean;
  snoozedUntil?: string;
  updatedAt?: string;
}

export interface PreviewPoint {
  /** The slot (window end), ISO 8601. */
  time: string;
  value: number | null;
  breached: boolean;
}

export interface PreviewSeries {
  group: string | null;
  points: PreviewPoint[];
}

export interface Preview {
  measure: string;
  threshold: string;
  from: string;
  to: string;
  /** Distance between points, ms (a multiple of the rule's `every`). */
  stepMs: number;
  windowMs: number;
  series: PreviewSeries[];
  /** Points that breach the threshold, over all series. */
  breaches: number;
}
