/**
 * First run of `driftwood up` / `driftwood ui`: on a store with no users, create `admin` (password
 * from DRIFTWOOD_ADMIN_PASSWORD, never printed, or a generated one shown once and kept in
 * `<data>/initial-admin-password`, mode 0600), and the banner lines that say where to log in.
 */
import { mkdirSync } from 'node:fs';
import { INITIAL_ADMIN_USER, type InitialAdmin, type LogStore, SecurityService } from '@driftwood/store';

export const ADMIN_PASSWORD_ENV = 'DRIFTWOOD_ADMIN_PASSWORD';

export async function ensureFirstAdmin(store: LogStore, dataDir: string, env = process.env): Promise<InitialAdmin> {
  const security = await SecurityService.open(store);
  const password = env[ADMIN_PASSWORD_ENV];
  if (password === undefined || password === '') mkdirSync(dataDir, { recursive: true });
  return await security.ensureInitialAdmin({ dataDir, ...(password ? { password } : {}) });
}

/** `Log in:` lines for the start banner; `loginUrl` undefined when there is no UI. */
export function loginLines(first: InitialAdmin, loginUrl: string | undefined): string[] {
  const as = (password: string) =>
    loginUrl
      ? `  Log in:    ${loginUrl}  as ${INITIAL_ADMIN_USER}, ${password}`
      : `  Admin:     user ${INITIAL_ADMIN_USER}, ${password}`;
  if (!first.created) return loginUrl ? [`  Log in:    ${loginUrl}`] : [];
  if (first.password === undefined) return [as(`password from ${ADMIN_PASSWORD_ENV}`)];
  return [
    as(`password ${first.password}`),
    `             (shown this once${first.file ? `; also in ${first.file}, readable by you only` : ''};`,
    `             change it with \`driftwood users passwd ${INITIAL_ADMIN_USER}\`)`,
  ];
}
