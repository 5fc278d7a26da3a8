'use client';
/** The dashboard's filter pills, drawn by Discover's FilterBar (pills of KQL mapped by filters.ts pillOf). */
import type { DashboardFilter } from '@driftwood/core';
import { invertFilter, pillOf, removeFilter } from '../../lib/dashboards/filters.ts';
import { FilterBar } from '../discover/FilterBar.tsx';

export function DashboardFilterBar({
  filters,
  onChange,
}: {
  filters: readonly DashboardFilter[];
  onChange: (filters: DashboardFilter[]) => void;
}) {
  return (
    <FilterBar
      filters={filters.map(pillOf)}
      onRemove={(i) => onChange(removeFilter(filters, i))}
      onInvert={(i) => onChange(invertFilter(filters, i))}
      onClear={() => onChange([])}
    />
  );
}
