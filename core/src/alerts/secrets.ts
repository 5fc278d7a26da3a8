import { DriftwoodError } from '../errors.ts';
import type { Action, Rule } from './rule.ts';
import type { DeliveryRecord, HistoryEntry, NotificationIntent } from './types.ts';
/**
 * Secrets in alert rules never leave the server. They are webhook header values and every part
 * of a webhook or Slack URL past its origin: the user info, the path, the query and the fragment
 * (a token may sit in any of them: `hooks.slack.com/services/T/B/X`, `/api/webhooks/ID/TOKEN`,
 * `?token=`, `https://TOKEN@host`). A URL is shown as `scheme://host:port/[secret]` — its origin
 * only. The store and the evaluator keep the real values. Every rule, notification and history
 * entry the API returns has them replaced by SECRET. A rule sent back with SECRET where a secret
 * was gets the stored value again, as Grafana does with its secure fields — only while the
 * action's target (its URL) is unchanged: an editor can change a threshold without holding the
 * token, but cannot send the stored token to a new host.
 */

export const SECRET = '[secret]';

/**
 * The URL with everything past its origin (user info, path, query, fragment) replaced by
 * SECRET; unchanged when it has none of them. `wholePath` is accepted for older callers (every
 * path is hidden now).
 */
export function redactUrl(url: string, _wholePath = false): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return SECRET;
  }
  if (u.origin === 'null') return SECRET;
  const user = u.username || u.password ? `${SECRET}@` : '';
  const hidden = (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash;
  if (!user && !hidden) return url;
  return `${u.protocol}//${user}${u.host}/${hidden ? SECRET : ''}`;
}

/** An action as the API shows it: URLs redacted, header values replaced by SECRET. */
export function redactAction(action: Action): Action {
  if (action.type === 'webhook') {
    const headers = Object.fromEntries(Object.keys(action.headers ?? {}).map((name) => [name, SECRET]));
    return { ...action, url: redactUrl(action.url), headers };
  }
  if (action.type === 'slack') return { ...action, url: redactUrl(action.url) };
  return action;
}

/** The rule as the API shows it: secrets replaced by SECRET. */
export function redactRule(rule: Rule): Rule {
  return { ...rule, actions: rule.actions.map(redactAction) };
}

/**
 * A delivery error as the API shows it: only an answer's status line (records written before
 * the egress policy kept the first bytes of the body: `HTTP 500: <body>`), URLs redacted.
 */
export function redactError(error: string): string {
  return error
    .replace(/\bHTTP (\d{3}): [\s\S]*$/, 'HTTP $1')
    .replace(/\bhttps?:\/\/[^\s'"<>]*[^\s'"<>:;,.)]/gi, (url) => redactUrl(url));
}

function redactDelivery(delivery: DeliveryRecord): DeliveryRecord {
  const shown: DeliveryRecord = { ...delivery, config: redactAction(delivery.config) };
  if (delivery.lastError !== undefined) shown.lastError = redactError(delivery.lastError);
  return shown;
}

/** A notification (intent) as the API shows it: its deliveries' configs and errors redacted. */
export function redactIntent(intent: NotificationIntent): NotificationIntent {
  return { ...intent, deliveries: (intent.deliveries ?? []).map(redactDelivery) };
}

/** A history entry as the API shows it: its error redacted. */
export function redactHistoryEntry(entry: HistoryEntry): HistoryEntry {
  return entry.error === undefined ? entry : { ...entry, error: redactError(entry.error) };
}

function invalid(path: string, message: string): DriftwoodError {
  return new DriftwoodError('INPUT_INVALID', `${path}: ${message}`, { details: { issues: [{ path, message }] } });
}

/** The stored action an incoming one stands for: same id, else same position and type. */
function storedFor(input: Record<string, unknown>, index: number, stored: Action[]): Action | undefined {
  if (typeof input.id === 'string') return stored.find((a) => a.id === input.id);
  const same = stored[index];
  return same && same.type === input.type ? same : undefined;
}

/**
 * Puts the stored secrets back where `input` (a rule from a client) has SECRET. A SECRET with no
 * stored value behind it (a new action, a new header) is an input error, and so is a header
 * SECRET in an action whose URL changed: the secret would go to a target it was not given for.
 */
export function restoreSecrets(input: Record<string, unknown>, stored: Rule | undefined): Record<string, unknown> {
  if (!Array.isArray(input.actions)) return input;
  const actions = input.actions.map((raw: unknown, index: number) => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const action = { ...(raw as Record<string, unknown>) };
    const path = `actions[${index}]`;
    const previous = stored ? storedFor(action, index, stored.actions) : undefined;
    if (typeof action.url === 'string' && action.url.includes(SECRET)) {
      if (!previous || !('url' in previous) || redactUrl(previous.url) !== action.url) {
        throw invalid(`${path}.url`, 'enter the whole URL: it hides a secret that is not stored for this action');
      }
      action.url = previous.url;
    }
    if (typeof action.headers === 'object' && action.headers !== null) {
      const headers = { ...(action.headers as Record<string, unknown>) };
      for (const [name, value] of Object.entries(headers)) {
        if (value !== SECRET) continue;
        const kept = previous?.type === 'webhook' ? previous.headers[name] : undefined;
        if (kept === undefined) throw invalid(`${path}.headers.${name}`, 'enter the value: none is stored for it');
        if (previous?.type !== 'webhook' || previous.url !== action.url)
          throw invalid(`${path}.headers.${name}`, 're-enter the secret: the target changed');
        headers[name] = kept;
      }
      action.headers = headers;
    }
    return action;
  });
  return { ...input, actions };
}
