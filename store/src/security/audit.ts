/**
 * Audit events: who did what to what, from where, and whether it worked — written through
 * `store.write` as ordinary events in the `driftwood.audit` dataset, which only admins can read
 * (see readFilterFor in @driftwood/core).
 */
import { randomBytes } from 'node:crypto';
import { AUDIT_DATASET, isIp, type LogEvent, type Principal } from '@driftwood/core';

export interface AuditRecord {
  /** e.g. `login`, `logout`, `user_create`, `role_delete`, `api_key_create`, `export`, `retention`. */
  action: string;
  outcome: 'success' | 'failure';
  principal?: Principal;
  /** The user name when there is no principal (a failed login). */
  username?: string;
  /** What was acted on: a username, role name, key id, rule id, … */
  target?: string;
  /** The client address (source.ip when it is an IP). */
  address?: string;
  /** Small structured context, stored as JSON text under driftwood.audit.details. */
  details?: Record<string, unknown>;
}

const MAX_DETAILS = 4096;
let sequence = 0;

/** Random, and ordered within a process when two events share a millisecond (ids break ties in a sort). */
function auditId(now: number): string {
  sequence = (sequence + 1) % 36 ** 6;
  return `audit-${now.toString(36).padStart(9, '0')}-${sequence.toString(36).padStart(6, '0')}-${randomBytes(8).toString('hex')}`;
}

export function auditEvent(record: AuditRecord, now: number): LogEvent {
  const name = record.principal?.name ?? record.username;
  const address = record.address?.replace(/^::ffff:(?=\d+\.)/, '');
  const details = record.details === undefined ? undefined : JSON.stringify(record.details).slice(0, MAX_DETAILS);
  const audit: Record<string, unknown> = {};
  if (record.target !== undefined) audit.target = record.target;
  if (record.principal) {
    audit.principal = { kind: record.principal.kind, roles: record.principal.roles };
    if (record.principal.label !== undefined)
      audit.principal = { ...(audit.principal as object), label: record.principal.label };
  }
  if (details !== undefined) audit.details = details;
  const doc: Record<string, unknown> = {
    '@timestamp': new Date(now).toISOString(),
    message: `${record.action} ${record.outcome}${name ? ` by ${name}` : ''}${record.target ? ` on ${record.target}` : ''}`,
    event: { dataset: AUDIT_DATASET, action: record.action, outcome: record.outcome, kind: 'event' },
    service: { name: 'driftwood' },
    driftwood: { audit },
  };
  if (name !== undefined) doc.user = { name };
  if (address && isIp(address)) doc.source = { ip: address };
  else if (address) audit.address = address;
  return { id: auditId(now), doc: doc as LogEvent['doc'] };
}
