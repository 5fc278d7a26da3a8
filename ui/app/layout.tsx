import type { ReactNode } from 'react';
import './globals.css';
import { AppHeader } from '../components/session/AppHeader.tsx';

export const metadata = {
  title: 'Driftwood',
  description: 'Search, chart and alert on your logs',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body>
        <AppHeader />
        {children}
      </body>
    </html>
  );
}
