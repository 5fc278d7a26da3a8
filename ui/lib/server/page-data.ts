/**
 * Data a page's server component puts into its first HTML, so the browser does not wait for its
 * scripts to run before asking for it (a dashboard's record: its panels' queries start once the
 * page is hydrated instead of one round trip later). The caller is found as an API route finds it
 * (route.ts `principalOf`: the session cookie, else Authorization) and must hold the privilege the
 * matching API route needs; anything else — no principal, a stale session, a missing object, a
 * failing store — gives `undefined`, and the page asks the API route as before, which answers the
 * error the user then sees.
 */
import type { Privilege } from '@driftwood/core';
import { getDashboard } from '@driftwood/store';
import { headers } from 'next/headers';
import type { DashboardRecord } from '../dashboards/api.ts';
import { clientAddress, principalOf } from './route.ts';
import { getSecurity } from './security.ts';
import { getStore } from './store.ts';

if (typeof window !== 'undefined') throw new Error('lib/server/page-data.ts is server-only');

/** Whether the page's caller holds `privilege` (false when there is no caller or the lookup fails). */
async function callerMay(privilege: Privilege): Promise<boolean> {
  try {
    const incoming = await headers();
    const request = new Request('http://page.invalid/', { headers: incoming });
    const principal = await principalOf(request, await getSecurity(), clientAddress(incoming));
    return principal?.privileges.includes(privilege) === true;
  } catch {
    return false;
  }
}

/** The dashboard as `GET /api/dashboards/{id}` answers it to the page's caller, or undefined (module comment). */
export async function initialDashboard(id: string): Promise<DashboardRecord | undefined> {
  if (!(await callerMay('read'))) return undefined;
  try {
    return await getDashboard(await getStore(), id);
  } catch {
    return undefined;
  }
}
