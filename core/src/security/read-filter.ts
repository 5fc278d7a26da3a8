/**
 * Document-level security: the KQL every read of a principal is ANDed with, from its roles.
 * - Among the roles that grant `read`: unrestricted when any has no filter, otherwise the OR of
 *   their filters (a user with two filtered roles sees what either shows).
 * - Principals without `admin` never read the audit trail (`event.dataset: driftwood.audit`).
 * Each filter and the result are checked with parseKql (KQL_SYNTAX on a bad filter).
 */
import { parseKql } from '../kql/index.ts';
import { AUDIT_DATASET, type RoleDefinition } from './principal.ts';

/** The clause that hides the audit trail from non-admins. */
export const NOT_AUDIT_FILTER = `not event.dataset:"${AUDIT_DATASET}"`;

export function readFilterFor(roles: readonly RoleDefinition[]): string | undefined {
  const readers = roles.filter((r) => r.privileges.includes('read'));
  const admin = roles.some((r) => r.privileges.includes('admin'));
  let filter: string | undefined;
  if (readers.length > 0 && !readers.some((r) => r.filter === undefined || r.filter.trim() === '')) {
    const filters = [...new Set(readers.map((r) => (r.filter as string).trim()))];
    for (const f of filters) parseKql(f);
    filter = filters.length === 1 ? `(${filters[0]})` : filters.map((f) => `(${f})`).join(' or ');
  }
  if (!admin) filter = filter === undefined ? NOT_AUDIT_FILTER : `(${filter}) and ${NOT_AUDIT_FILTER}`;
  if (filter !== undefined) parseKql(filter);
  return filter;
}
