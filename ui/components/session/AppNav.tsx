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
  // No prefetch: on every page load Next would render the four other pages on the server (and load
  // their scripts) while the page itself asks for its data; a dashboard's panels waited for it.
  return (
    <nav>
      <Link href="/discover" prefetch={false}>
        Discover
      </Link>
      <Link href="/visualize" prefetch={false} data-testid="nav-visualize">
        Visualize
      </Link>
      <Link href="/dashboards" prefetch={false} data-testid="nav-dashboards">
        Dashboards
      </Link>
      {alerts ? (
        <Link href="/alerts" prefetch={false} data-testid="nav-alerts">
          Alerts
        </Link>
      ) : null}
    </nav>
  );
}
