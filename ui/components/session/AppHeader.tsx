'use client';
/** The app's header: brand, the pages, the user menu and the theme switch (the login page shows only the brand and theme). */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { LOGIN_PATH } from '../../lib/session.ts';
import { ThemeToggle } from '../ThemeToggle.tsx';
import { AppNav } from './AppNav.tsx';
import './session.css';
import { UserMenu } from './UserMenu.tsx';

export function AppHeader() {
  const onLogin = usePathname() === LOGIN_PATH;
  return (
    <header className="app-header">
      {/* no prefetch, as AppNav */}
      <Link href={onLogin ? LOGIN_PATH : '/discover'} prefetch={false} className="brand">
        Driftwood
      </Link>
      {onLogin ? null : <AppNav />}
      <span className="spacer" />
      {onLogin ? null : <UserMenu />}
      <ThemeToggle />
    </header>
  );
}
