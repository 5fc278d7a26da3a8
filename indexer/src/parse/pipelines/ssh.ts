/**
 * ssh: OpenSSH auth logs (syslog lines from sshd) → `event.dataset: system.auth`, with
 * `event.outcome`, `event.action`, `user.name`, `source.ip`, `source.port` for accepted /
 * failed logins, invalid users, PAM authentication failures, disconnects and break-in warnings.
 */
import { getField, type LogDocument, setField } from '@driftwood/core';
import { isIp } from '../ip.ts';
import type { LineContext } from '../runner.ts';
import { parseSyslogInto } from '../syslog.ts';

const RULES: {
  re: RegExp;
  action: string;
  outcome?: 'success' | 'failure';
  user?: number;
  ip?: number;
  port?: number;
  method?: number;
}[] = [
  {
    re: /^Accepted (\S+) for (\S+) from (\S+) port (\d+)/,
    action: 'ssh_login',
    outcome: 'success',
    method: 1,
    user: 2,
    ip: 3,
    port: 4,
  },
  {
    re: /^Failed (\S+) for invalid user (.*?) from (\S+) port (\d+)/,
    action: 'ssh_login',
    outcome: 'failure',
    method: 1,
    user: 2,
    ip: 3,
    port: 4,
  },
  {
    re: /^Failed (\S+) for (\S+) from (\S+) port (\d+)/,
    action: 'ssh_login',
    outcome: 'failure',
    method: 1,
    user: 2,
    ip: 3,
    port: 4,
  },
  {
    re: /^Invalid user (.*?) from (\S+)(?: port (\d+))?\s*$/,
    action: 'invalid_user',
    outcome: 'failure',
    user: 1,
    ip: 2,
    port: 3,
  },
  {
    re: /^input_userauth_request: invalid user (.*?)(?: \[preauth\])?$/,
    action: 'invalid_user',
    outcome: 'failure',
    user: 1,
  },
  {
    re: /^pam_unix\(sshd:auth\): authentication failure;.*?rhost=(\S+)(?:\s+user=(\S+))?/,
    action: 'authentication_failure',
    outcome: 'failure',
    ip: 1,
    user: 2,
  },
  {
    re: /^pam_unix\(sshd:session\): session opened for user (\S+)/,
    action: 'session_opened',
    outcome: 'success',
    user: 1,
  },
  { re: /^pam_unix\(sshd:session\): session closed for user (\S+)/, action: 'session_closed', user: 1 },
  {
    re: /^message repeated \d+ times: \[ Failed (\S+) for (?:invalid user )?(\S+) from (\S+) port (\d+)/,
    action: 'ssh_login',
    outcome: 'failure',
    method: 1,
    user: 2,
    ip: 3,
    port: 4,
  },
  {
    re: /^PAM \d+ more authentication failures?;.*?rhost=(\S+)(?:\s+user=(\S+))?/,
    action: 'authentication_failure',
    outcome: 'failure',
    ip: 1,
    user: 2,
  },
  { re: /^Received disconnect from (\S+)(?: port (\d+))?:/, action: 'disconnect', ip: 1, port: 2 },
  {
    re: /^Disconnected from (?:(?:invalid |authenticating )?user (\S+) )?(\S+) port (\d+)/,
    action: 'disconnect',
    user: 1,
    ip: 2,
    port: 3,
  },
  {
    re: /^Connection closed by (?:(?:invalid |authenticating )?user (\S+) )?(\S+)(?: port (\d+))?/,
    action: 'connection_closed',
    user: 1,
    ip: 2,
    port: 3,
  },
  { re: /^reverse mapping checking getaddrinfo for \S+ \[([^\]]+)\] failed/, action: 'reverse_mapping_failed', ip: 1 },
  { re: /^Did not receive identification string from (\S+)/, action: 'no_identification', ip: 1 },
  {
    re: /^error: maximum authentication attempts exceeded for (?:invalid user )?(\S+) from (\S+) port (\d+)/,
    action: 'max_attempts_exceeded',
    outcome: 'failure',
    user: 1,
    ip: 2,
    port: 3,
  },
];

/** Add sshd-specific fields from the syslog MSG in `doc.message`; returns whether a rule matched. */
export function enrichSsh(doc: LogDocument): boolean {
  const message = doc.message;
  if (typeof message !== 'string') return false;
  setField(doc, 'event.dataset', 'system.auth');
  for (const rule of RULES) {
    const m = rule.re.exec(message);
    if (m === null) continue;
    setField(doc, 'event.action', rule.action);
    setField(doc, 'event.category', ['authentication']);
    if (rule.outcome !== undefined) setField(doc, 'event.outcome', rule.outcome);
    const user = rule.user === undefined ? undefined : m[rule.user];
    if (user !== undefined && user !== '') setField(doc, 'user.name', user);
    const ip = rule.ip === undefined ? undefined : m[rule.ip];
    if (ip !== undefined) {
      setField(doc, 'source.address', ip);
      if (isIp(ip)) setField(doc, 'source.ip', ip);
    }
    const port = rule.port === undefined ? undefined : m[rule.port];
    if (port !== undefined) setField(doc, 'source.port', Number(port));
    const method = rule.method === undefined ? undefined : m[rule.method];
    if (method !== undefined) setField(doc, 'system.auth.ssh.method', method);
    return true;
  }
  return false;
}

export function parseSsh(line: string, ctx: LineContext): LogDocument {
  const doc: LogDocument = {};
  if (!parseSyslogInto(line, doc, ctx))
    return { message: line, tags: ['_grokparsefailure'], event: { dataset: 'system.auth' } };
  const process = getField(doc, 'process.name');
  if (typeof process === 'string' && !process.startsWith('sshd')) {
    setField(doc, 'event.dataset', 'system.auth');
    return doc;
  }
  enrichSsh(doc);
  return doc;
}

export const sshPipeline = {
  name: 'ssh',
  description: 'OpenSSH auth logs (sshd via syslog) → event.outcome, user.name, source.ip; event.dataset system.auth',
  parser: parseSsh,
};
