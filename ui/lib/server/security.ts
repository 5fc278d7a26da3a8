/**
 * The one SecurityService of this UI server process, opened on the store of store.ts on first use
 * (never at import, so `next build` touches no store); a failed open is retried on the next
 * request. On a store with no users it creates the first admin: with DRIFTWOOD_ADMIN_PASSWORD
 * when set, else a generated password written to `<DRIFTWOOD_DATA>/initial-admin-password`
 * (0600) when there is a data dir (`driftwood up` / `driftwood ui` normally do this first).
 * Session expiry: DRIFTWOOD_SESSION_IDLE_MS / DRIFTWOOD_SESSION_MAX_MS (config.ts).
 */
import { SecurityService } from '@driftwood/store';
import { uiSecurityConfig } from './config.ts';
import { getStore } from './store.ts';

if (typeof window !== 'undefined') throw new Error('lib/server/security.ts is server-only');

interface Holder {
  promise?: Promise<SecurityService>;
}

const shared = globalThis as { __driftwoodSecurity?: Holder };
shared.__driftwoodSecurity ??= {};
const holder: Holder = shared.__driftwoodSecurity;

async function open(): Promise<SecurityService> {
  const { sessionIdleMs, sessionMaxMs } = uiSecurityConfig();
  const security = await SecurityService.open(await getStore(), {
    ...(sessionIdleMs !== undefined ? { sessionIdleMs } : {}),
    ...(sessionMaxMs !== undefined ? { sessionMaxMs } : {}),
  });
  const password = process.env.DRIFTWOOD_ADMIN_PASSWORD;
  const dataDir = process.env.DRIFTWOOD_DATA;
  await security.ensureInitialAdmin({
    ...(password ? { password } : {}),
    ...(dataDir ? { dataDir } : {}),
  });
  return security;
}

export function getSecurity(): Promise<SecurityService> {
  if (!holder.promise) {
    const p = open();
    holder.promise = p;
    p.catch(() => {
      if (holder.promise === p) holder.promise = undefined;
    });
  }
  return holder.promise;
}
