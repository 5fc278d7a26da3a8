export { type AuditRecord, auditEvent } from './audit.ts';
export {
  DEFAULT_SCRYPT,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type ScryptParams,
  verifyPassword,
} from './password.ts';
export {
  type Actor,
  type ApiKeyInfo,
  type CreatedApiKey,
  INITIAL_ADMIN_FILE,
  INITIAL_ADMIN_USER,
  type InitialAdmin,
  type RoleInfo,
  SESSION_COOKIE,
  type SecurityOptions,
  SecurityService,
  securityOptionsSchema,
  USERNAME_PATTERN,
  type UserInfo,
} from './service.ts';
