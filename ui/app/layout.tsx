import type { ReactNode } from 'react';
import './globals.css';
import Link from 'next/link';
import { ThemeToggle } from '../components/ThemeToggle.tsx';

export const metadata = {
  title: 'Driftwood',
  description: 'Search, chart and alert on your logs',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body>
        <header className="app-header">
          <Link href="/discover" className="brand">
            Driftwood
          </Link>
          <nav>
            <Link href="/discover">Discover</Link>
            <Link href="/alerts">Alerts</Link>
          </nav>
          <span className="spacer" />
          <ThemeToggle />
        </header>
        {children}
      </body>
    </html>
  );
}
