import { type Action, DriftwoodError, type Rule } from '@driftwood/core';
/**
 * Secrets in alert rules never leave the server. They are webhook header values and the parts
 * of webhook and Slack URLs that carry credentials: the user info, the query, and the path past its
 * first segment (a Slack hook's whole path). The store and the evaluator keep the real values.
 * Every rule the API returns has them replaced by SECRET. A rule sent back with SECRET where a
 * secret was gets the stored value again, as Grafana does with its secure fields: an editor
 * can show a rule, change its threshold and save it without ever holding the token.
 */

export const SECRET = '[secret]';

/** The URL with its secret parts replaced; unchanged when it has none. */
export function redactUrl(url: string, wholePath = false): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return SECRET;
  }
  const segments = u.pathname.split('/').filter(Boolean);
  const secretPath = wholePath ? segments.length > 0 : segments.length > 1;
  if (!u.username && !u.password && !u.search && !u.hash && !secretPath) return url;
  const user = u.username ? `${u.username}${u.password ? `:${SECRET}` : ''}@` : '';
  const kept = wholePath ? '' : segments[0] ? `/${segments[0]}` : '';
  const hidden = secretPath || u.search || u.hash ? `/${SECRET}` : '';
  return `${u.protocol}//${user}${u.host}${kept}${hidden}`;
}

function redactAction(action: Action): Action {
  if (action.type === 'webhook') {
    const headers = Object.fromEntries(Object.keys(action.headers).map((name) => [name, SECRET]));
    return { ...action, url: redactUrl(action.url), headers };
  }
  if (action.type === 'slack') return { ...action, url: redactUrl(action.url, true) };
  return action;
}

/** The rule as the API shows it: secrets replaced by SECRET. */
export function redactRule(rule: Rule): Rule {
  return { ...rule, actions: rule.actions.map(redactAction) };
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
 * stored value behind it (a new action, a changed URL, a new header) is an input error.
 */
export function restoreSecrets(input: Record<string, unknown>, stored: Rule | undefined): Record<string, unknown> {
  if (!Array.isArray(input.actions)) return input;
  const actions = input.actions.map((raw: unknown, index: number) => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const action = { ...(raw as Record<string, unknown>) };
    const path = `actions.${index}`;
    const previous = stored ? storedFor(action, index, stored.actions) : undefined;
    if (typeof action.url === 'string' && action.url.includes(SECRET)) {
      const wholePath = action.type === 'slack';
      if (!previous || !('url' in previous) || redactUrl(previous.url, wholePath) !== action.url) {
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
        headers[name] = kept;
      }
      action.headers = headers;
    }
    return action;
  });
  return { ...input, actions };
}
