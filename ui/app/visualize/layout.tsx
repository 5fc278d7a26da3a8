import type { ReactNode } from 'react';
import './visualize.css';

export default function VisualizeLayout({ children }: { children: ReactNode }) {
  return children;
}
