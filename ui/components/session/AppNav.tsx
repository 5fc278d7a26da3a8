'use client';
/**
 * The app's pages in the header: Discover, Visualize, Dashboards, Alerts. Alerts is left out for a user whose role filters what it reads
 * (its rules are evaluated over every document, so the server refuses them; docs/security.md).
 */
import Link from 'next/link';
import { alertsAvailable } from '../../lib/session.ts';
import { useMe } from '../../lib/use-me.ts';

export function AppNav() {
  const { me } = useMe();
  // until /api/auth/me answers, Alerts is shown: most users have it, and a filtered one loses it in a moment
  const alerts = me === undefined || alertsAvailable(me);
  return (
    <nav>
      <Link href="/discover">Discover</Link>
      <Link href="/visualize" data-testid="nav-visualize">
        Visualize
      </Link>
      <Link href="/dashboards" data-testid="nav-dashboards">
        Dashboards
      </Link>
      {alerts ? (
        <Link href="/alerts" data-testid="nav-alerts">
          Alerts
        </Link>
      ) : null}
    </nav>
  );
}
