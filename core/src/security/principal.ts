/**
 * The security model shared by every part (browser-safe: no Node code here).
 *
 * A principal is who makes a request: a user (session cookie or HTTP Basic) or an API key
 * (`Authorization: ApiKey base64(id:key)`, as Elasticsearch takes it). What it may do is the union
 * of its roles' privileges; what it may read is limited by its roles' KQL filters
 * (document-level security). See docs/security.md.
 */

/**
 * - `read`: search, Discover, dashboards, visualizations, export, live tail, alert history.
 * - `write`: saved searches, visualizations, dashboards, alert rules (create, change, delete).
 * - `admin`: users, roles, API keys, retention, the audit trail.
 * - `ingest`: write events (indexer `_bulk` / `ingest`); no reading.
 */
export const PRIVILEGES = ['read', 'write', 'admin', 'ingest'] as const;
export type Privilege = (typeof PRIVILEGES)[number];

export interface RoleDefinition {
  name: string;
  privileges: Privilege[];
  /**
   * Document-level security: a KQL filter ANDed into everything this role's users read.
   * Absent: the role reads every document its privileges allow.
   */
  filter?: string;
  description?: string;
}

export const BUILTIN_ROLES: readonly RoleDefinition[] = [
  { name: 'viewer', privileges: ['read'], description: 'search, dashboards, export' },
  {
    name: 'editor',
    privileges: ['read', 'write'],
    description: 'viewer + saved searches, visualizations, dashboards, alert rules',
  },
  {
    name: 'admin',
    privileges: ['read', 'write', 'admin', 'ingest'],
    description: 'everything, including users, roles, API keys and retention',
  },
  { name: 'ingest', privileges: ['ingest'], description: 'writes events; cannot read' },
];

export function isBuiltinRole(name: string): boolean {
  return BUILTIN_ROLES.some((r) => r.name === name);
}

/** The dataset of audit events; only principals with `admin` can read them. */
export const AUDIT_DATASET = 'driftwood.audit';

export interface Principal {
  kind: 'user' | 'api_key';
  /** Username, or the API key's id. */
  name: string;
  /** For an API key, its name as given at creation. */
  label?: string;
  roles: string[];
  privileges: Privilege[];
  /**
   * The KQL every read of this principal is restricted to (the OR of its roles' filters, plus the
   * audit exclusion for non-admins); undefined when it reads everything.
   */
  readFilter?: string;
}

export function can(principal: Principal | undefined, privilege: Privilege): boolean {
  return principal?.privileges.includes(privilege) === true;
}

/**
 * The policy of a route or page: `public` (anyone, e.g. /login, /api/auth/login, /health), or the
 * privilege a principal needs.
 */
export type Policy = 'public' | Privilege;
