import type { ReactNode } from 'react';
import 'react-grid-layout/css/styles.css';
import './dashboards.css';

export default function DashboardsLayout({ children }: { children: ReactNode }) {
  return children;
}
