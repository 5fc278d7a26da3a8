/**
 * The security service: users, custom roles, API keys and sessions, kept as saved objects
 * (`user`, `role`, `api_key`, `session`) in whatever LogStore it is given, so they follow the data
 * to OpenSearch or Elasticsearch. It authenticates `Authorization` headers and session tokens into
 * Principals, rate-limits logins, and writes the audit trail.
 *
 * Only hashes are stored: scrypt for passwords (password.ts), sha256 for the high-entropy API keys
 * and session tokens. Verified credentials are cached in memory for at most `cacheTtlMs` (≤ 5 s), so
 * a request with a known key or session costs a hash and a map lookup; every change made through
 * this instance clears the cache at once, a change made by another process is seen within the TTL.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BUILTIN_ROLES,
  DriftwoodError,
  formatConfigIssues,
  isBuiltinRole,
  isDriftwoodError,
  MAX_AUTHORIZATION_LENGTH,
  PRIVILEGES,
  type Principal,
  type Privilege,
  parseAuthorization,
  parseKql,
  type RoleDefinition,
  readFilterFor,
  zodConfigIssues,
} from '@driftwood/core';
import { z } from 'zod';
import type { LogStore, SavedObject } from '../contract.ts';
import { type AuditRecord, auditEvent } from './audit.ts';
import { checkPasswordPolicy, dummyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { FailureLimiter } from './rate-limit.ts';
import { randomKeyId, randomPassword, randomSecret, sameDigest, sha256 } from './tokens.ts';

/** The cookie that carries a session token (HttpOnly, SameSite; Secure over HTTPS). */
export const SESSION_COOKIE = 'driftwood_session';
/** The file `ensureInitialAdmin` writes a generated password to, in the data dir (mode 0600). */
export const INITIAL_ADMIN_FILE = 'initial-admin-password';
export const INITIAL_ADMIN_USER = 'admin';

export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

export const securityOptionsSchema = z
  .object({
    sessionIdleMs: z
      .number()
      .int()
      .positive()
      .default(30 * 60_000)
      .describe('a session ends after this long without a request (ms)'),
    sessionMaxMs: z
      .number()
      .int()
      .positive()
      .default(8 * 3_600_000)
      .describe('a session ends this long after login, whatever its use (ms)'),
    cacheTtlMs: z
      .number()
      .int()
      .min(0)
      .max(5000)
      .default(5000)
      .describe('how long a verified key, Basic credential or session is trusted without a store read (ms)'),
    loginMaxFailures: z
      .number()
      .int()
      .positive()
      .default(5)
      .describe('failed logins per user or address in the window'),
    loginWindowMs: z
      .number()
      .int()
      .positive()
      .default(5 * 60_000)
      .describe('the login rate-limit window (ms)'),
  })
  .strict();

export type SecurityOptions = z.input<typeof securityOptionsSchema> & {
  /** The clock (epoch ms); tests move it. */
  now?: () => number;
};

export interface UserInfo {
  username: string;
  roles: string[];
  createdAt: string;
  updatedAt: string;
}

export interface RoleInfo extends RoleDefinition {
  builtin: boolean;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  roles: string[];
  createdAt: string;
  /** Epoch ms. */
  expiresAt?: number;
  revoked: boolean;
  /** Who created it (a username), when known. */
  createdBy?: string;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The secret: shown once, only its hash is stored. */
  key: string;
  /** base64(`${id}:${key}`): what goes after `ApiKey ` in the Authorization header. */
  encoded: string;
  expiresAt?: number;
}

/** Who makes a change, for the audit trail. */
export interface Actor {
  principal?: Principal;
  address?: string;
  /** How the change came in when there is no principal, e.g. `cli` (kept in the audit details). */
  via?: string;
}

export type InitialAdmin = { created: false } | { created: true; password?: string; file?: string };

interface UserAttributes {
  username: string;
  roles: string[];
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
}

interface ApiKeyAttributes {
  name: string;
  roles: string[];
  keyHash: string;
  createdAt: string;
  expiresAt?: number;
  revoked: boolean;
  revokedAt?: string;
  createdBy?: string;
}

interface SessionAttributes {
  username: string;
  createdAt: number;
  lastSeenAt: number;
  address?: string;
}

interface CachedSession {
  username: string;
  createdAt: number;
  lastSeenAt: number;
  persistedAt: number;
  address?: string;
  principal: Principal;
  until: number;
}

const MAX_CACHE = 10_000;
/** What an unknown user's password is checked against: a wrong username costs the same scrypt as a wrong password. */
const DUMMY_HASH = dummyHash();
const MAX_TOKEN_LENGTH = 256;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const SESSION_SWEEP_MS = 10 * 60_000;
const UNAUTHORIZED_LOGIN = 'wrong username or password';

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new DriftwoodError('INPUT_INVALID', message, details ? { details } : {});
}

function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = zodConfigIssues(result.error, { schema, data: input });
  return invalid(`invalid ${what}: ${formatConfigIssues(undefined, issues, '; ')}`, { issues });
}

const usernameSchema = z.string().regex(USERNAME_PATTERN, 'a username is 1–64 characters of A-Z a-z 0-9 . _ @ -');
const roleNameSchema = z.string().regex(USERNAME_PATTERN, 'a role name is 1–64 characters of A-Z a-z 0-9 . _ @ -');
const rolesSchema = z.array(roleNameSchema).min(1, 'give at least one role').max(32);
const userInputSchema = z.object({ username: usernameSchema, password: z.string(), roles: rolesSchema }).strict();
const roleInputSchema = z
  .object({
    name: roleNameSchema,
    privileges: z.array(z.enum(PRIVILEGES)).min(1, 'give at least one privilege'),
    filter: z.string().max(4096).optional(),
    description: z.string().max(512).optional(),
  })
  .strict();
const apiKeyInputSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters'),
    roles: rolesSchema,
    expiresAt: z.number().int().positive().optional(),
  })
  .strict();

export class SecurityService {
  readonly #store: LogStore;
  readonly #options: z.output<typeof securityOptionsSchema>;
  readonly #now: () => number;
  readonly #limiter: FailureLimiter;
  readonly #authCache = new Map<string, { principal: Principal; until: number }>();
  readonly #sessions = new Map<string, CachedSession>();
  readonly #limitAudited = new Map<string, number>();
  #roleCache: { roles: Map<string, RoleDefinition>; until: number } | undefined;
  #lastSweep = 0;

  private constructor(store: LogStore, options: SecurityOptions) {
    const { now, ...rest } = options;
    this.#store = store;
    this.#options = Object.freeze(parseInput(securityOptionsSchema, rest, 'security options'));
    this.#now = now ?? Date.now;
    this.#limiter = new FailureLimiter({
      maxFailures: this.#options.loginMaxFailures,
      windowMs: this.#options.loginWindowMs,
    });
  }

  static async open(store: LogStore, options: SecurityOptions = {}): Promise<SecurityService> {
    return new SecurityService(store, options);
  }

  // ---- users -------------------------------------------------------------------------------

  async addUser(input: { username: string; password: string; roles: string[] }, actor: Actor = {}): Promise<UserInfo> {
    const { username, password, roles } = parseInput(userInputSchema, input, 'user');
    checkPasswordPolicy(password);
    await this.#checkRolesExist(roles);
    if (await this.#getUser(username)) invalid(`user "${username}" already exists`, { username });
    const now = new Date(this.#now()).toISOString();
    const attributes: UserAttributes = {
      username,
      roles: [...new Set(roles)],
      passwordHash: await hashPassword(password),
      createdAt: now,
      updatedAt: now,
    };
    // The store has no create-if-absent: the check is repeated after the slow hash, under a lock
    // shared by every service on this store in this process, and the write is read back, so of two
    // concurrent adds one wins and the other is told the user exists.
    await withLock(this.#store, `user:${username}`, async () => {
      if (await this.#getUser(username)) invalid(`user "${username}" already exists`, { username });
      await this.#saveUser(attributes);
    });
    if ((await this.#getUser(username))?.passwordHash !== attributes.passwordHash) {
      invalid(`user "${username}" already exists`, { username });
    }
    this.#invalidate();
    await this.#auditChange('user_create', username, actor, { roles: attributes.roles });
    return userInfo(attributes);
  }

  async setPassword(username: string, password: string, actor: Actor = {}): Promise<void> {
    checkPasswordPolicy(password);
    const user = await this.#requireUser(username);
    user.passwordHash = await hashPassword(password);
    user.updatedAt = new Date(this.#now()).toISOString();
    await this.#saveUser(user);
    // a new password ends the user's sessions
    await this.#deleteSessionsOf(user.username);
    this.#invalidate();
    await this.#auditChange('user_password', user.username, actor);
  }

  async setRoles(username: string, roles: string[], actor: Actor = {}): Promise<UserInfo> {
    const checked = parseInput(rolesSchema, roles, 'roles');
    await this.#checkRolesExist(checked);
    const user = await this.#requireUser(username);
    const before = user.roles;
    user.roles = [...new Set(checked)];
    await this.#keepAnAdmin(user.username, user.roles);
    user.updatedAt = new Date(this.#now()).toISOString();
    await this.#saveUser(user);
    this.#invalidate();
    await this.#auditChange('user_roles', user.username, actor, { before, after: user.roles });
    return userInfo(user);
  }

  async removeUser(username: string, actor: Actor = {}): Promise<void> {
    const user = await this.#requireUser(username);
    await this.#keepAnAdmin(user.username, []);
    await this.#store.deleteObject('user', user.username);
    await this.#deleteSessionsOf(user.username);
    this.#invalidate();
    await this.#auditChange('user_delete', user.username, actor);
  }

  async listUsers(): Promise<UserInfo[]> {
    const objects = await this.#store.listObjects('user');
    return objects
      .map((o) => userInfo(o.attributes as unknown as UserAttributes))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  // ---- roles -------------------------------------------------------------------------------

  async putRole(input: RoleDefinition, actor: Actor = {}): Promise<RoleInfo> {
    const role = parseInput(roleInputSchema, input, 'role');
    if (isBuiltinRole(role.name))
      invalid(`"${role.name}" is a built-in role and cannot be changed`, { role: role.name });
    const filter = role.filter?.trim() === '' ? undefined : role.filter?.trim();
    if (filter !== undefined) parseKql(filter);
    const definition: RoleDefinition = {
      name: role.name,
      privileges: PRIVILEGES.filter((p) => role.privileges.includes(p)),
      ...(filter !== undefined ? { filter } : {}),
      ...(role.description !== undefined ? { description: role.description } : {}),
    };
    await this.#store.saveObject({
      id: definition.name,
      type: 'role',
      title: definition.name,
      attributes: { ...definition },
    });
    this.#invalidate();
    await this.#auditChange('role_put', definition.name, actor, {
      privileges: definition.privileges,
      ...(filter !== undefined ? { filter } : {}),
    });
    return { ...definition, builtin: false };
  }

  async deleteRole(name: string, actor: Actor = {}): Promise<void> {
    if (isBuiltinRole(name)) invalid(`"${name}" is a built-in role and cannot be deleted`, { role: name });
    if (!(await this.#store.getObject('role', name))) {
      throw new DriftwoodError('NOT_FOUND', `no role "${name}"`, { details: { role: name } });
    }
    const users = (await this.listUsers()).filter((u) => u.roles.includes(name)).map((u) => u.username);
    if (users.length > 0) {
      invalid(`role "${name}" is used by ${users.length === 1 ? 'user' : 'users'} ${users.slice(0, 5).join(', ')}`, {
        role: name,
        users,
      });
    }
    const keys = (await this.listApiKeys()).filter((k) => !k.revoked && k.roles.includes(name)).map((k) => k.id);
    if (keys.length > 0)
      invalid(`role "${name}" is used by API keys ${keys.slice(0, 5).join(', ')}`, { role: name, keys });
    await this.#store.deleteObject('role', name);
    this.#invalidate();
    await this.#auditChange('role_delete', name, actor);
  }

  async listRoles(): Promise<RoleInfo[]> {
    const custom = (await this.#store.listObjects('role'))
      .map((o) => ({ ...roleOf(o), builtin: false }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return [...BUILTIN_ROLES.map((r) => ({ ...r, privileges: [...r.privileges], builtin: true })), ...custom];
  }

  // ---- API keys ----------------------------------------------------------------------------

  async createApiKey(
    input: { name: string; roles: string[]; expiresAt?: number },
    actor: Actor = {},
  ): Promise<CreatedApiKey> {
    const { name, roles, expiresAt } = parseInput(apiKeyInputSchema, input, 'API key');
    await this.#checkRolesExist(roles);
    if (expiresAt !== undefined && expiresAt <= this.#now()) invalid('expiresAt is in the past');
    const id = randomKeyId();
    const key = randomSecret(32);
    const attributes: ApiKeyAttributes = {
      name,
      roles: [...new Set(roles)],
      keyHash: sha256(key),
      createdAt: new Date(this.#now()).toISOString(),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      revoked: false,
      ...(actor.principal ? { createdBy: actor.principal.name } : {}),
    };
    await this.#store.saveObject({ id, type: 'api_key', title: name, attributes: { ...attributes } });
    await this.#auditChange('api_key_create', id, actor, {
      name,
      roles: attributes.roles,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    });
    return {
      id,
      name,
      key,
      encoded: Buffer.from(`${id}:${key}`).toString('base64'),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    };
  }

  async listApiKeys(): Promise<ApiKeyInfo[]> {
    const objects = await this.#store.listObjects('api_key');
    return objects.map(apiKeyInfo).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async revokeApiKey(id: string, actor: Actor = {}): Promise<void> {
    const object = KEY_ID_PATTERN.test(id) ? await this.#store.getObject('api_key', id) : undefined;
    if (!object) throw new DriftwoodError('NOT_FOUND', `no API key "${id}"`, { details: { id } });
    const attributes = object.attributes as unknown as ApiKeyAttributes;
    if (!attributes.revoked) {
      await this.#store.saveObject({
        ...object,
        attributes: { ...attributes, revoked: true, revokedAt: new Date(this.#now()).toISOString() },
      });
    }
    this.#invalidate();
    await this.#auditChange('api_key_revoke', id, actor, { name: attributes.name });
  }

  // ---- authentication ----------------------------------------------------------------------

  /**
   * The principal an `Authorization` header names (Basic or ApiKey); undefined when there is no
   * header. Throws UNAUTHORIZED for a malformed header or wrong, expired or revoked credentials,
   * RATE_LIMITED when Basic credentials for that user failed too often.
   */
  async authenticate(header: string | undefined, context: { address?: string } = {}): Promise<Principal | undefined> {
    if (header === undefined || header === null) return undefined;
    if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH) {
      throw new DriftwoodError('UNAUTHORIZED', 'authorization header is too long');
    }
    const now = this.#now();
    const digest = sha256(header);
    const cached = this.#authCache.get(digest);
    if (cached && cached.until > now) return cached.principal;
    if (cached) this.#authCache.delete(digest);
    const credentials = parseAuthorization(header);
    let principal: Principal;
    let until = now + this.#options.cacheTtlMs;
    if (credentials.scheme === 'basic') {
      const keys = this.#limitKeys(credentials.username, context.address);
      this.#limiter.check(keys, now);
      this.#limiter.fail(keys, now);
      const user = await this.#verifyUser(credentials.username, credentials.password);
      if (!user) throw new DriftwoodError('UNAUTHORIZED', UNAUTHORIZED_LOGIN);
      this.#limiter.forgive(keys, now);
      principal = await this.#principalOf('user', user.username, user.roles);
    } else {
      const object = KEY_ID_PATTERN.test(credentials.id)
        ? await this.#store.getObject('api_key', credentials.id)
        : undefined;
      const attributes = object?.attributes as unknown as ApiKeyAttributes | undefined;
      if (!attributes || !sameDigest(sha256(credentials.key), attributes.keyHash)) {
        throw new DriftwoodError('UNAUTHORIZED', 'unable to authenticate with the provided API key');
      }
      if (attributes.revoked) throw new DriftwoodError('UNAUTHORIZED', 'the API key is revoked');
      if (attributes.expiresAt !== undefined && attributes.expiresAt <= now) {
        throw new DriftwoodError('UNAUTHORIZED', 'the API key has expired');
      }
      if (attributes.expiresAt !== undefined) until = Math.min(until, attributes.expiresAt);
      principal = await this.#principalOf('api_key', credentials.id, attributes.roles, attributes.name);
    }
    if (this.#options.cacheTtlMs > 0) setBounded(this.#authCache, digest, { principal, until });
    return principal;
  }

  /** Checks a username and password and starts a session. Throws UNAUTHORIZED or RATE_LIMITED. */
  async login(
    username: string,
    password: string,
    context: { address?: string } = {},
  ): Promise<{ token: string; principal: Principal; expiresAt: number }> {
    const name = typeof username === 'string' ? username : '';
    const now = this.#now();
    const keys = this.#limitKeys(name, context.address);
    try {
      this.#limiter.check(keys, now);
    } catch (error) {
      // one audit event per user and address a minute while refused, not one per attempt
      const auditKey = keys.join('|');
      if ((this.#limitAudited.get(auditKey) ?? 0) <= now - 60_000) {
        setBounded(this.#limitAudited, auditKey, now);
        await this.audit({
          action: 'login',
          outcome: 'failure',
          username: name.slice(0, 64),
          address: context.address,
          details: { reason: 'rate_limited' },
        });
      }
      throw error;
    }
    // counted before the (slow) check, so concurrent guesses cannot all pass the limit
    this.#limiter.fail(keys, now);
    const user = await this.#verifyUser(name, typeof password === 'string' ? password : '');
    if (!user) {
      await this.audit({
        action: 'login',
        outcome: 'failure',
        username: name.slice(0, 64),
        address: context.address,
        details: { reason: 'wrong_credentials' },
      });
      throw new DriftwoodError('UNAUTHORIZED', UNAUTHORIZED_LOGIN);
    }
    this.#limiter.forgive(keys, now);
    this.#limiter.reset(keys[0] as string);
    const principal = await this.#principalOf('user', user.username, user.roles);
    const token = randomSecret(32);
    const id = sha256(token);
    const session: SessionAttributes = {
      username: user.username,
      createdAt: now,
      lastSeenAt: now,
      ...(context.address ? { address: context.address } : {}),
    };
    await this.#store.saveObject({ id, type: 'session', title: user.username, attributes: { ...session } });
    setBounded(this.#sessions, id, {
      username: user.username,
      createdAt: now,
      lastSeenAt: now,
      persistedAt: now,
      ...(context.address ? { address: context.address } : {}),
      principal,
      until: now + this.#options.cacheTtlMs,
    });
    await this.audit({ action: 'login', outcome: 'success', principal, address: context.address });
    await this.#sweepSessions(now);
    return { token, principal, expiresAt: now + this.#options.sessionMaxMs };
  }

  /**
   * The principal of a session token; undefined when unknown or expired. Each call refreshes the
   * idle expiry, unless `refresh: false` (a background re-check, such as an open live tail's, is
   * not activity).
   */
  async session(token: string | undefined, options: { refresh?: boolean } = {}): Promise<Principal | undefined> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
    const id = sha256(token);
    const now = this.#now();
    let entry = this.#sessions.get(id);
    if (!entry || entry.until <= now) {
      const object = await this.#store.getObject('session', id);
      if (!object) {
        this.#sessions.delete(id);
        return undefined;
      }
      const attributes = object.attributes as unknown as SessionAttributes;
      const user = await this.#getUser(attributes.username);
      if (!user) {
        this.#sessions.delete(id);
        await this.#store.deleteObject('session', id);
        return undefined;
      }
      entry = {
        username: user.username,
        createdAt: attributes.createdAt,
        lastSeenAt: Math.max(entry?.lastSeenAt ?? 0, attributes.lastSeenAt),
        persistedAt: attributes.lastSeenAt,
        ...(attributes.address ? { address: attributes.address } : {}),
        principal: await this.#principalOf('user', user.username, user.roles),
        until: now + this.#options.cacheTtlMs,
      };
      setBounded(this.#sessions, id, entry);
    }
    if (now - entry.lastSeenAt >= this.#options.sessionIdleMs || now - entry.createdAt >= this.#options.sessionMaxMs) {
      this.#sessions.delete(id);
      await this.#store.deleteObject('session', id);
      return undefined;
    }
    if (options.refresh === false) return entry.principal;
    entry.lastSeenAt = now;
    // the idle expiry is kept in the store at a coarser step, so a request rarely writes
    if (now - entry.persistedAt >= Math.min(60_000, this.#options.sessionIdleMs / 10)) {
      entry.persistedAt = now;
      const attributes: SessionAttributes = {
        username: entry.username,
        createdAt: entry.createdAt,
        lastSeenAt: now,
        ...(entry.address ? { address: entry.address } : {}),
      };
      await this.#store.saveObject({ id, type: 'session', title: entry.username, attributes: { ...attributes } });
    }
    return entry.principal;
  }

  async logout(token: string | undefined, context: { address?: string } = {}): Promise<void> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return;
    const id = sha256(token);
    const object = await this.#store.getObject('session', id);
    this.#sessions.delete(id);
    if (!object) return;
    await this.#store.deleteObject('session', id);
    const username = (object.attributes as unknown as SessionAttributes).username;
    await this.audit({ action: 'logout', outcome: 'success', username, address: context.address });
  }

  // ---- audit -------------------------------------------------------------------------------

  /** Writes one audit event (event.dataset `driftwood.audit`). Throws when the store refuses it. */
  async audit(record: AuditRecord): Promise<void> {
    const [outcome] = await this.#store.write([auditEvent(record, this.#now())]);
    if (outcome?.status === 'rejected') {
      throw new DriftwoodError('STORE_REJECTED', `the audit event was not stored: ${outcome.reason}`);
    }
  }

  // ---- first run ---------------------------------------------------------------------------

  /**
   * On a store with no users, creates `admin` (role admin) with `password` (DRIFTWOOD_ADMIN_PASSWORD)
   * or a generated one, returned once and written to `<dataDir>/initial-admin-password` (0600).
   */
  async ensureInitialAdmin(options: { dataDir?: string; password?: string } = {}): Promise<InitialAdmin> {
    if ((await this.#store.listObjects('user')).length > 0) return { created: false };
    const given = options.password !== undefined && options.password !== '';
    if (given) checkPasswordPolicy(options.password as string);
    const password = given ? (options.password as string) : randomPassword();
    try {
      await this.addUser({ username: INITIAL_ADMIN_USER, password, roles: ['admin'] }, { via: 'first run' });
    } catch (error) {
      // another process (the UI beside `up`) made it a moment ago
      if (isDriftwoodError(error, 'INPUT_INVALID') && (await this.#getUser(INITIAL_ADMIN_USER))) {
        return { created: false };
      }
      throw error;
    }
    if (given) return { created: true };
    if (options.dataDir === undefined) return { created: true, password };
    const file = path.join(options.dataDir, INITIAL_ADMIN_FILE);
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return { created: true, password, file };
  }

  // ---- internals ---------------------------------------------------------------------------

  /**
   * What failed logins are counted against: with the client's address known, the user at that
   * address and the address itself, so a guesser elsewhere cannot lock a user out (five wrong
   * passwords for `admin` from one address do not refuse `admin` from another); without it
   * (no trusted proxy), the user name alone.
   */
  #limitKeys(username: string, address: string | undefined): string[] {
    const user = `user:${username.slice(0, 64).toLowerCase()}`;
    return address ? [`${user}@${address}`, `address:${address}`] : [user];
  }

  /** The user when the password matches; undefined otherwise, after the same amount of hashing. */
  async #verifyUser(username: string, password: string): Promise<UserAttributes | undefined> {
    const user = USERNAME_PATTERN.test(username) ? await this.#getUser(username) : undefined;
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) return undefined;
    if (needsRehash(user.passwordHash)) {
      await this.#saveUser({ ...user, passwordHash: await hashPassword(password) });
    }
    return user;
  }

  async #getUser(username: string): Promise<UserAttributes | undefined> {
    if (!USERNAME_PATTERN.test(username)) return undefined;
    const object = await this.#store.getObject('user', username);
    return object ? (object.attributes as unknown as UserAttributes) : undefined;
  }

  async #requireUser(username: string): Promise<UserAttributes> {
    const user = await this.#getUser(username);
    if (!user) throw new DriftwoodError('NOT_FOUND', `no user "${username}"`, { details: { username } });
    return user;
  }

  async #saveUser(user: UserAttributes): Promise<void> {
    await this.#store.saveObject({ id: user.username, type: 'user', title: user.username, attributes: { ...user } });
  }

  /** Refuses a change that would leave no user with the admin privilege. */
  async #keepAnAdmin(username: string, newRoles: string[]): Promise<void> {
    const roles = await this.#roles();
    const isAdmin = (r: string[]) => r.some((name) => roles.get(name)?.privileges.includes('admin'));
    if (isAdmin(newRoles)) return;
    const others = (await this.listUsers()).filter((u) => u.username !== username && isAdmin(u.roles));
    const was = (await this.#getUser(username))?.roles ?? [];
    if (isAdmin(was) && others.length === 0) {
      invalid(`"${username}" is the last user with the admin privilege`, { username });
    }
  }

  async #checkRolesExist(names: string[]): Promise<void> {
    const roles = await this.#roles(true);
    const unknown = names.filter((n) => !roles.has(n));
    if (unknown.length > 0) invalid(`unknown role ${unknown.map((n) => `"${n}"`).join(', ')}`, { roles: unknown });
  }

  async #roles(fresh = false): Promise<Map<string, RoleDefinition>> {
    const now = this.#now();
    if (!fresh && this.#roleCache && this.#roleCache.until > now) return this.#roleCache.roles;
    const roles = new Map<string, RoleDefinition>(BUILTIN_ROLES.map((r) => [r.name, r]));
    for (const object of await this.#store.listObjects('role')) {
      const role = roleOf(object);
      if (!isBuiltinRole(role.name)) roles.set(role.name, role);
    }
    this.#roleCache = { roles, until: now + this.#options.cacheTtlMs };
    return roles;
  }

  async #principalOf(kind: Principal['kind'], name: string, roleNames: string[], label?: string): Promise<Principal> {
    let roles = await this.#roles();
    // a role made by another process since the cache was filled
    if (roleNames.some((r) => !roles.has(r))) roles = await this.#roles(true);
    const definitions = roleNames.map((r) => roles.get(r)).filter((r): r is RoleDefinition => r !== undefined);
    const granted = new Set<Privilege>(definitions.flatMap((r) => r.privileges));
    const readFilter = readFilterFor(definitions);
    return {
      kind,
      name,
      ...(label !== undefined ? { label } : {}),
      roles: [...roleNames],
      privileges: PRIVILEGES.filter((p) => granted.has(p)),
      ...(readFilter !== undefined ? { readFilter } : {}),
    };
  }

  async #deleteSessionsOf(username: string): Promise<void> {
    for (const object of await this.#store.listObjects('session')) {
      if ((object.attributes as unknown as SessionAttributes).username === username) {
        await this.#store.deleteObject('session', object.id);
      }
    }
  }

  /** Now and then, deletes the sessions that have expired. */
  async #sweepSessions(now: number): Promise<void> {
    if (now - this.#lastSweep < SESSION_SWEEP_MS) return;
    this.#lastSweep = now;
    for (const object of await this.#store.listObjects('session')) {
      const s = object.attributes as unknown as SessionAttributes;
      if (now - s.lastSeenAt >= this.#options.sessionIdleMs || now - s.createdAt >= this.#options.sessionMaxMs) {
        await this.#store.deleteObject('session', object.id);
      }
    }
  }

  #invalidate(): void {
    this.#authCache.clear();
    this.#sessions.clear();
    this.#roleCache = undefined;
  }

  async #auditChange(action: string, target: string, actor: Actor, details?: Record<string, unknown>): Promise<void> {
    await this.audit({
      action,
      outcome: 'success',
      target,
      ...(actor.principal ? { principal: actor.principal } : {}),
      ...(actor.address ? { address: actor.address } : {}),
      ...(details || actor.via ? { details: { ...details, ...(actor.via ? { via: actor.via } : {}) } } : {}),
    });
  }
}

const locks = new WeakMap<LogStore, Map<string, Promise<unknown>>>();

/** Runs `task` after every earlier task on the same store and key (in this process). */
async function withLock<T>(store: LogStore, key: string, task: () => Promise<T>): Promise<T> {
  let held = locks.get(store);
  if (!held) {
    held = new Map();
    locks.set(store, held);
  }
  const before = held.get(key) ?? Promise.resolve();
  const run = before.then(task, task);
  const settled = run.catch(() => {});
  held.set(key, settled);
  try {
    return await run;
  } finally {
    if (held.get(key) === settled) held.delete(key);
  }
}

function setBounded<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_CACHE) map.delete(map.keys().next().value as string);
}

function userInfo(user: UserAttributes): UserInfo {
  return { username: user.username, roles: [...user.roles], createdAt: user.createdAt, updatedAt: user.updatedAt };
}

function roleOf(object: SavedObject): RoleDefinition {
  const a = object.attributes as Partial<RoleDefinition>;
  return {
    name: object.id,
    privileges: (a.privileges ?? []).filter((p): p is Privilege => (PRIVILEGES as readonly string[]).includes(p)),
    ...(typeof a.filter === 'string' ? { filter: a.filter } : {}),
    ...(typeof a.description === 'string' ? { description: a.description } : {}),
  };
}

function apiKeyInfo(object: SavedObject): ApiKeyInfo {
  const a = object.attributes as unknown as ApiKeyAttributes;
  return {
    id: object.id,
    name: a.name,
    roles: [...a.roles],
    createdAt: a.createdAt,
    ...(a.expiresAt !== undefined ? { expiresAt: a.expiresAt } : {}),
    revoked: a.revoked === true,
    ...(a.createdBy !== undefined ? { createdBy: a.createdBy } : {}),
  };
}
