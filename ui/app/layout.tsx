import type { ReactNode } from 'react';

export const metadata = {
  title: 'Driftwood',
  description: 'Search, chart and alert on your logs',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
