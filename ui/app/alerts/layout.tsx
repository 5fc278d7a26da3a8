import type { ReactNode } from 'react';
import './alerts.css';

export default function AlertsLayout({ children }: { children: ReactNode }) {
  return children;
}
